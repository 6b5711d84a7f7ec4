// ByteSource: a stream of bytes from a file, decompressed when the file is
// compressed (xz, gzip, lz4, zstd: recognised by content, not by name), or from memory.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "common/expected.hpp"
#include "common/root_fs.hpp"

namespace patchplan {

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Reads up to `size` bytes into `buffer`; 0 means end of stream. Errors name the file.
  virtual Expected<std::size_t> read(char* buffer, std::size_t size) = 0;

  // The file as the user would name it, for messages.
  [[nodiscard]] virtual const std::string& name() const = 0;
};

// Opens `path` inside `root`, decompressing transparently. A corrupt or truncated
// compressed stream is reported by read() as an error naming the file.
Expected<std::unique_ptr<ByteSource>> open_byte_source(const RootFs& root, std::string_view path);

// The same for a file descriptor the caller already holds; `name` is used in messages.
Expected<std::unique_ptr<ByteSource>> open_byte_source(UniqueFd fd, std::string name);

// A ByteSource over bytes already in memory: configuration snippets, clear-signed message
// bodies, one entry of a zip archive, test fixtures. Each read hands out at most `chunk`
// bytes (tests use small chunks to cross the readers' buffer boundaries).
class MemorySource final : public ByteSource {
 public:
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

// A MemorySource on the heap, for readers that own their source (ParagraphReader).
inline std::unique_ptr<ByteSource> memory_source(std::string bytes, std::string name) {
  return std::make_unique<MemorySource>(std::move(bytes), std::move(name));
}

// Reads the whole (decompressed) stream, refusing more than `max_bytes`.
Expected<std::string> read_all(ByteSource& source, std::size_t max_bytes);

}  // namespace patchplan
