// A ByteSource over text already in memory, so that parsers built on ParagraphReader
// can also read strings (configuration snippets, test fixtures, clear-signed messages).
#pragma once

#include <cstring>
#include <memory>
#include <string>

#include "common/byte_source.hpp"

namespace patchplan::updates::detail {

class StringSource final : public ByteSource {
 public:
  StringSource(std::string text, std::string name)
      : text_(std::move(text)), name_(std::move(name)) {}

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    std::size_t n = std::min(size, text_.size() - pos_);
    std::memcpy(buffer, text_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  [[nodiscard]] const std::string& name() const override { return name_; }

 private:
  std::string text_;
  std::string name_;
  std::size_t pos_ = 0;
};

inline std::unique_ptr<ByteSource> string_source(std::string text, std::string name) {
  return std::make_unique<StringSource>(std::move(text), std::move(name));
}

}  // namespace patchplan::updates::detail
