// A ByteSource over bytes already in memory: one entry of a zip archive, or a test fixture.
#pragma once

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "common/byte_source.hpp"

namespace patchplan::feeds::detail {

class MemorySource final : public ByteSource {
 public:
  // Each read hands out at most `chunk` bytes (tests use small chunks to cross the
  // readers' buffer boundaries).
  MemorySource(std::string bytes, std::string name,
               std::size_t chunk = std::numeric_limits<std::size_t>::max())
      : bytes_(std::move(bytes)), name_(std::move(name)), chunk_(chunk) {}

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    const std::size_t n = std::min({size, chunk_, bytes_.size() - pos_});
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  [[nodiscard]] const std::string& name() const override { return name_; }

 private:
  std::string bytes_;
  std::string name_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

}  // namespace patchplan::feeds::detail
