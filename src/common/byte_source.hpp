// ByteSource: a stream of bytes from a file, decompressed when the file is
// compressed (xz, gzip, lz4, zstd: recognised by content, not by name).
#pragma once

#include <cstddef>
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

// Reads the whole (decompressed) stream, refusing more than `max_bytes`.
Expected<std::string> read_all(ByteSource& source, std::size_t max_bytes);

}  // namespace patchplan
