// Large text kept compressed in the store: a zstd frame with its content checksum, written
// from pieces as they are produced and read back whole.
#pragma once

#include <zstd.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace patchplan::store {

// Compresses the text given to add() into one zstd frame (level 3, checksum on). With
// `background` the compression runs in a worker thread of zstd's, beside the producer.
class TextCompressor {
 public:
  explicit TextCompressor(bool background = true);
  ~TextCompressor();
  TextCompressor(const TextCompressor&) = delete;
  TextCompressor& operator=(const TextCompressor&) = delete;

  Status add(std::string_view text);
  // Ends the frame and returns it; the compressor is spent.
  Expected<std::string> finish();

 private:
  Status run(std::string_view text, ZSTD_EndDirective mode);

  ZSTD_CCtx* context_;
  std::string frame_;
};

// The text of a frame TextCompressor wrote; an error names `what` when the frame is
// truncated, corrupt (checksum) or inflates past `max_bytes`.
Expected<std::string> decompress_text(std::string_view frame, std::string_view what,
                                      std::size_t max_bytes = std::size_t{4} << 30);

}  // namespace patchplan::store
