// Extracting a package's changelog from its .deb: the ar member data.tar.* streamed into
// a second libarchive reader, nothing else unpacked.
#include "feeds/changelog_deb.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <memory>

namespace patchplan::feeds {
namespace {

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

// The inner (tar) reader pulls its bytes from the outer (ar) reader's current member.
struct InnerSource {
  archive* outer = nullptr;
  std::array<char, 64 * 1024> buffer{};
};

la_ssize_t read_member(archive* inner, void* data, const void** block) {
  auto* source = static_cast<InnerSource*>(data);
  la_ssize_t got = archive_read_data(source->outer, source->buffer.data(), source->buffer.size());
  if (got < 0) archive_set_error(inner, ARCHIVE_FATAL, "%s", archive_error_string(source->outer));
  *block = source->buffer.data();
  return got;
}

std::string archive_message(archive* a) {
  const char* text = archive_error_string(a);
  return text ? std::string(text) : std::string("unknown libarchive error");
}

std::string_view without_dot_slash(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  if (path.starts_with("/")) path.remove_prefix(1);
  return path;
}

// Looks through the data tarball for the changelog; notes a doc folder symlink.
Expected<std::string> find_in_data(archive* outer, const std::string& deb_path,
                                   std::string_view package, std::size_t max_bytes) {
  ArchivePtr inner(archive_read_new());
  archive_read_support_format_tar(inner.get());
  archive_read_support_filter_all(inner.get());
  InnerSource source{outer, {}};
  if (archive_read_open(inner.get(), &source, nullptr, read_member, nullptr) != ARCHIVE_OK) {
    return make_error(ErrorCode::kInvalidInput, "cannot read the data of '{}': {}", deb_path,
                      archive_message(inner.get()));
  }
  const std::string doc = fmt::format("usr/share/doc/{}", package);
  const std::string debian_name = doc + "/changelog.Debian.gz";
  const std::string native_name = doc + "/changelog.gz";
  std::string native;
  std::string doc_link;
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(inner.get(), &entry)) == ARCHIVE_OK) {
    std::string_view path = without_dot_slash(archive_entry_pathname(entry));
    if (path == doc && archive_entry_filetype(entry) == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      doc_link = target ? target : "";
      continue;
    }
    bool wanted = path == debian_name || path == native_name;
    if (!wanted || archive_entry_filetype(entry) != AE_IFREG) continue;
    if (archive_entry_size(entry) > static_cast<la_int64_t>(max_bytes)) {
      return make_error(ErrorCode::kInvalidInput, "changelog '{}' in '{}' is larger than {} bytes",
                        path, deb_path, max_bytes);
    }
    std::string bytes(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
    la_ssize_t got = archive_read_data(inner.get(), bytes.data(), bytes.size());
    if (got < 0 || static_cast<std::size_t>(got) != bytes.size()) {
      return make_error(ErrorCode::kInvalidInput, "cannot read '{}' in '{}': {}", path, deb_path,
                        got < 0 ? archive_message(inner.get()) : "truncated");
    }
    if (path == debian_name) return bytes;
    native = std::move(bytes);
  }
  if (status != ARCHIVE_EOF) {
    return make_error(ErrorCode::kInvalidInput, "cannot read the data of '{}': {}", deb_path,
                      archive_message(inner.get()));
  }
  if (!native.empty()) return native;
  if (!doc_link.empty()) {
    return make_error(ErrorCode::kNotFound, "'{}' has no changelog of its own: /{} links to '{}'",
                      deb_path, doc, doc_link);
  }
  return make_error(ErrorCode::kNotFound, "'{}' holds no /{}", deb_path, debian_name);
}

}  // namespace

Expected<std::string> extract_deb_changelog(const std::string& deb_path, std::string_view package,
                                            std::size_t max_bytes) {
  ArchivePtr outer(archive_read_new());
  archive_read_support_format_ar(outer.get());
  if (archive_read_open_filename(outer.get(), deb_path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    return make_error(ErrorCode::kIo, "cannot read package '{}': {}", deb_path,
                      archive_message(outer.get()));
  }
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(outer.get(), &entry)) == ARCHIVE_OK) {
    std::string_view name = archive_entry_pathname(entry);
    if (name.starts_with("data.tar"))
      return find_in_data(outer.get(), deb_path, package, max_bytes);
  }
  if (status != ARCHIVE_EOF) {
    return make_error(ErrorCode::kInvalidInput, "'{}' is not a Debian package: {}", deb_path,
                      archive_message(outer.get()));
  }
  return make_error(ErrorCode::kInvalidInput, "'{}' is not a Debian package: no data.tar member",
                    deb_path);
}

}  // namespace patchplan::feeds
