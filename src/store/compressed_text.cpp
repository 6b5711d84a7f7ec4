// zstd streaming compression and decompression of stored text.
#include "store/compressed_text.hpp"

namespace patchplan::store {
namespace {

Error zstd_error(std::string_view doing, std::size_t code) {
  return make_error(ErrorCode::kIo, "{}: {}", doing, ZSTD_getErrorName(code));
}

}  // namespace

TextCompressor::TextCompressor(bool background) : context_(ZSTD_createCCtx()) {
  ZSTD_CCtx_setParameter(context_, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(context_, ZSTD_c_checksumFlag, 1);
  // One worker: the caller produces the text while zstd compresses the previous pieces.
  // A libzstd built without threads refuses the parameter and compresses inline.
  if (background) ZSTD_CCtx_setParameter(context_, ZSTD_c_nbWorkers, 1);
}

TextCompressor::~TextCompressor() { ZSTD_freeCCtx(context_); }

Status TextCompressor::run(std::string_view text, ZSTD_EndDirective mode) {
  ZSTD_inBuffer in{text.data(), text.size(), 0};
  for (;;) {
    const std::size_t chunk = ZSTD_CStreamOutSize();
    const std::size_t used = frame_.size();
    frame_.resize(used + chunk);
    ZSTD_outBuffer out{frame_.data() + used, chunk, 0};
    const std::size_t left = ZSTD_compressStream2(context_, &out, &in, mode);
    frame_.resize(used + out.pos);
    if (ZSTD_isError(left)) return zstd_error("cannot compress", left);
    const bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
    if (done) return ok();
  }
}

Status TextCompressor::add(std::string_view text) { return run(text, ZSTD_e_continue); }

Expected<std::string> TextCompressor::finish() {
  if (auto s = run({}, ZSTD_e_end); !s) return s.error();
  frame_.shrink_to_fit();
  return std::move(frame_);
}

Expected<std::string> decompress_text(std::string_view frame, std::string_view what,
                                      std::size_t max_bytes) {
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(), ZSTD_freeDCtx);
  std::string text;
  if (const auto size = ZSTD_getFrameContentSize(frame.data(), frame.size());
      size != ZSTD_CONTENTSIZE_UNKNOWN && size != ZSTD_CONTENTSIZE_ERROR && size <= max_bytes) {
    text.reserve(size);
  }
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  std::size_t left = 1;
  while (in.pos < in.size) {
    const std::size_t chunk = ZSTD_DStreamOutSize();
    const std::size_t used = text.size();
    if (used > max_bytes) {
      return make_error(ErrorCode::kInvalidInput, "{} is larger than {} bytes", what, max_bytes);
    }
    text.resize(used + chunk);
    ZSTD_outBuffer out{text.data() + used, chunk, 0};
    left = ZSTD_decompressStream(context.get(), &out, &in);
    text.resize(used + out.pos);
    if (ZSTD_isError(left)) {
      return make_error(ErrorCode::kInvalidInput, "{} is corrupt: {}", what,
                        ZSTD_getErrorName(left));
    }
    if (left == 0 && in.pos < in.size) {
      return make_error(ErrorCode::kInvalidInput, "{} has data after its end", what);
    }
  }
  if (left != 0) return make_error(ErrorCode::kInvalidInput, "{} is truncated", what);
  return text;
}

}  // namespace patchplan::store
