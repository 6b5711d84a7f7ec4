// Hashing and stat of feed files.
#include "feeds/feed_file.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "common/unique_fd.hpp"

namespace patchplan::feeds {
namespace {

Error os_error(std::string_view what, const std::string& path, int err) {
  return make_error(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, "cannot {} '{}': {}",
                    what, path, std::strerror(err));
}

struct DigestContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

}  // namespace

Expected<FeedFileFacts> feed_file_facts(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return os_error("open feed", path, errno);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return os_error("stat feed", path, errno);
  if (!S_ISREG(info.st_mode)) {
    return make_error(ErrorCode::kInvalidInput, "feed '{}' is not a regular file", path);
  }
  FeedFileFacts facts;
  facts.size = static_cast<std::uint64_t>(info.st_size);
  const auto since_epoch =
      std::chrono::seconds(info.st_mtim.tv_sec) + std::chrono::nanoseconds(info.st_mtim.tv_nsec);
  facts.modified =
      store::Timestamp(std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch));

  std::unique_ptr<EVP_MD_CTX, DigestContextFree> context(EVP_MD_CTX_new());
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    return make_error(ErrorCode::kInternal, "cannot start a SHA-256 digest");
  }
  std::string buffer(std::size_t{1} << 20, '\0');
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return os_error("read feed", path, errno);
    if (n == 0) break;
    EVP_DigestUpdate(context.get(), buffer.data(), static_cast<std::size_t>(n));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(context.get(), digest, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < size; ++i) {
    facts.digest += kHex[digest[i] >> 4];
    facts.digest += kHex[digest[i] & 0xf];
  }
  return facts;
}

}  // namespace patchplan::feeds
