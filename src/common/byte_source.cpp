// ByteSource implementations: plain files and the compressions apt stores indexes
// in (xz, gzip, lz4 frame, zstd), each decoder checking that its stream is complete.
#include "common/byte_source.hpp"

#include <lz4frame.h>
#include <lzma.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace patchplan {
namespace {

constexpr std::size_t kInputChunk = 1u << 16;

// Reads raw bytes from a descriptor, first replaying any bytes already peeked.
class FdReader {
 public:
  FdReader(UniqueFd fd, std::string name) : fd_(std::move(fd)), name_(std::move(name)) {}

  Expected<std::size_t> read(char* buffer, std::size_t size) {
    if (peeked_pos_ < peeked_.size()) {
      std::size_t n = std::min(size, peeked_.size() - peeked_pos_);
      std::memcpy(buffer, peeked_.data() + peeked_pos_, n);
      peeked_pos_ += n;
      return n;
    }
    return read_fd(buffer, size);
  }

  // Reads up to `size` bytes that later read() calls return again.
  Expected<std::string_view> peek(std::size_t size) {
    std::string bytes(size, '\0');
    std::size_t done = 0;
    while (done < size) {
      auto n = read_fd(bytes.data() + done, size - done);
      if (!n) return n.error();
      if (*n == 0) break;
      done += *n;
    }
    bytes.resize(done);
    peeked_ = std::move(bytes);
    peeked_pos_ = 0;
    return std::string_view(peeked_);
  }

  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  Expected<std::size_t> read_fd(char* buffer, std::size_t size) {
    while (true) {
      ssize_t n = ::read(fd_.get(), buffer, size);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      int err = errno;
      return make_error(ErrorCode::kIo, "cannot read '{}': {}", name_, std::strerror(err));
    }
  }

  UniqueFd fd_;
  std::string name_;
  std::string peeked_;
  std::size_t peeked_pos_ = 0;
};

class PlainSource final : public ByteSource {
 public:
  explicit PlainSource(FdReader reader) : reader_(std::move(reader)) {}
  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    return reader_.read(buffer, size);
  }
  [[nodiscard]] const std::string& name() const override { return reader_.name(); }

 private:
  FdReader reader_;
};

// Common shape of the decoders: pull compressed input, push it through `step`.
class DecodingSource : public ByteSource {
 public:
  DecodingSource(FdReader reader, std::string_view format)
      : reader_(std::move(reader)), format_(format), input_(kInputChunk) {}

  [[nodiscard]] const std::string& name() const override { return reader_.name(); }

 protected:
  Error corrupt(std::string_view detail) const {
    return make_error(ErrorCode::kInvalidInput, "cannot decompress '{}' ({}): {}", name(), format_,
                      detail);
  }
  Error truncated() const { return corrupt("unexpected end of data (truncated file)"); }

  // Refills input_ when empty; returns false at end of the compressed file.
  Expected<bool> refill() {
    if (in_pos_ < in_size_) return true;
    auto n = reader_.read(input_.data(), input_.size());
    if (!n) return n.error();
    in_pos_ = 0;
    in_size_ = *n;
    return *n != 0;
  }

  FdReader reader_;
  std::string_view format_;
  std::vector<char> input_;
  std::size_t in_pos_ = 0;
  std::size_t in_size_ = 0;
  bool finished_ = false;
};

class XzSource final : public DecodingSource {
 public:
  explicit XzSource(FdReader reader) : DecodingSource(std::move(reader), "xz") {}
  ~XzSource() override { lzma_end(&stream_); }

  Status start() {
    if (lzma_stream_decoder(&stream_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
      return corrupt("cannot initialise the decoder");
    }
    return ok();
  }

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    if (finished_) return std::size_t{0};
    stream_.next_out = reinterpret_cast<std::uint8_t*>(buffer);
    stream_.avail_out = size;
    while (stream_.avail_out == size) {
      auto more = refill();
      if (!more) return more.error();
      stream_.next_in = reinterpret_cast<const std::uint8_t*>(input_.data() + in_pos_);
      stream_.avail_in = in_size_ - in_pos_;
      lzma_ret rc = lzma_code(&stream_, *more ? LZMA_RUN : LZMA_FINISH);
      in_pos_ = in_size_ - stream_.avail_in;
      if (rc == LZMA_STREAM_END) {
        finished_ = true;
        break;
      }
      if (rc == LZMA_BUF_ERROR && !*more) return truncated();
      if (rc != LZMA_OK) return corrupt(rc == LZMA_DATA_ERROR ? "corrupt data" : "decoder error");
    }
    return size - stream_.avail_out;
  }

 private:
  lzma_stream stream_ = LZMA_STREAM_INIT;
};

class GzipSource final : public DecodingSource {
 public:
  explicit GzipSource(FdReader reader) : DecodingSource(std::move(reader), "gzip") {}
  ~GzipSource() override { inflateEnd(&stream_); }

  Status start() {
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) return corrupt("cannot initialise");
    return ok();
  }

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    if (finished_) return std::size_t{0};
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
    uInt wanted = stream_.avail_out;
    while (stream_.avail_out == wanted) {
      auto more = refill();
      if (!more) return more.error();
      if (!*more) return truncated();
      stream_.next_in = reinterpret_cast<Bytef*>(input_.data() + in_pos_);
      stream_.avail_in = static_cast<uInt>(in_size_ - in_pos_);
      int rc = inflate(&stream_, Z_NO_FLUSH);
      in_pos_ = in_size_ - stream_.avail_in;
      if (rc == Z_STREAM_END) {
        // Another gzip member may follow (concatenated files); continue with it.
        auto rest = refill();
        if (!rest) return rest.error();
        if (!*rest) {
          finished_ = true;
          break;
        }
        inflateReset(&stream_);
        continue;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return corrupt(stream_.msg != nullptr ? stream_.msg : "corrupt data");
      }
    }
    return static_cast<std::size_t>(wanted - stream_.avail_out);
  }

 private:
  z_stream stream_{};
};

class Lz4Source final : public DecodingSource {
 public:
  explicit Lz4Source(FdReader reader) : DecodingSource(std::move(reader), "lz4") {}
  ~Lz4Source() override { LZ4F_freeDecompressionContext(context_); }

  Status start() {
    if (LZ4F_isError(LZ4F_createDecompressionContext(&context_, LZ4F_VERSION))) {
      return corrupt("cannot initialise");
    }
    return ok();
  }

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    std::size_t produced = 0;
    while (produced == 0 && !finished_) {
      auto more = refill();
      if (!more) return more.error();
      if (!*more) {
        if (hint_ != 0) return truncated();
        finished_ = true;
        break;
      }
      std::size_t out_size = size;
      std::size_t in_size = in_size_ - in_pos_;
      hint_ =
          LZ4F_decompress(context_, buffer, &out_size, input_.data() + in_pos_, &in_size, nullptr);
      if (LZ4F_isError(hint_)) return corrupt(LZ4F_getErrorName(hint_));
      in_pos_ += in_size;
      produced = out_size;
    }
    return produced;
  }

 private:
  LZ4F_dctx* context_ = nullptr;
  std::size_t hint_ = 1;  // 0 once a frame is complete
};

class ZstdSource final : public DecodingSource {
 public:
  explicit ZstdSource(FdReader reader) : DecodingSource(std::move(reader), "zstd") {}
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }

  Status start() {
    stream_ = ZSTD_createDStream();
    if (stream_ == nullptr) return corrupt("cannot initialise");
    return ok();
  }

  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    ZSTD_outBuffer out{buffer, size, 0};
    while (out.pos == 0 && !finished_) {
      auto more = refill();
      if (!more) return more.error();
      if (!*more) {
        if (hint_ != 0) return truncated();
        finished_ = true;
        break;
      }
      ZSTD_inBuffer in{input_.data() + in_pos_, in_size_ - in_pos_, 0};
      hint_ = ZSTD_decompressStream(stream_, &out, &in);
      if (ZSTD_isError(hint_)) return corrupt(ZSTD_getErrorName(hint_));
      in_pos_ += in.pos;
    }
    return out.pos;
  }

 private:
  ZSTD_DStream* stream_ = nullptr;
  std::size_t hint_ = 1;
};

template <typename Source>
Expected<std::unique_ptr<ByteSource>> start_decoder(FdReader reader) {
  auto source = std::make_unique<Source>(std::move(reader));
  if (auto started = source->start(); !started) return started.error();
  return std::unique_ptr<ByteSource>(std::move(source));
}

}  // namespace

Expected<std::unique_ptr<ByteSource>> open_byte_source(UniqueFd fd, std::string name) {
  FdReader reader(std::move(fd), std::move(name));
  auto magic = reader.peek(6);
  if (!magic) return magic.error();
  std::string_view m = *magic;
  if (m.starts_with("\xFD"
                    "7zXZ"))
    return start_decoder<XzSource>(std::move(reader));
  if (m.starts_with("\x1F\x8B")) return start_decoder<GzipSource>(std::move(reader));
  if (m.starts_with("\x04\x22\x4D\x18")) return start_decoder<Lz4Source>(std::move(reader));
  if (m.starts_with("\x28\xB5\x2F\xFD")) return start_decoder<ZstdSource>(std::move(reader));
  return std::unique_ptr<ByteSource>(std::make_unique<PlainSource>(std::move(reader)));
}

Expected<std::unique_ptr<ByteSource>> open_byte_source(const RootFs& root, std::string_view path) {
  auto fd = root.open_read(path);
  if (!fd) return fd.error();
  return open_byte_source(std::move(*fd), root.display_path(path));
}

Expected<std::string> read_all(ByteSource& source, std::size_t max_bytes) {
  std::string content;
  char buffer[1u << 16];
  while (true) {
    auto n = source.read(buffer, sizeof buffer);
    if (!n) return n.error();
    if (*n == 0) return content;
    if (content.size() + *n > max_bytes) {
      return make_error(ErrorCode::kInvalidInput, "'{}' is too large (limit {} bytes)",
                        source.name(), max_bytes);
    }
    content.append(buffer, *n);
  }
}

}  // namespace patchplan
