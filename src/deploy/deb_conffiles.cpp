// Reading control.tar and data.tar of a .deb (an ar archive, deb(5)) with libarchive.
#include "deploy/deb_conffiles.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <memory>
#include <sstream>

#include "common/root_fs.hpp"
#include "deploy/checkpoint.hpp"

namespace patchplan::deploy {
namespace {

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

// The inner tar reader takes its bytes from the outer ar reader's current member.
struct Member {
  archive* outer = nullptr;
  std::array<char, 64 * 1024> buffer{};
};

la_ssize_t read_member(archive* inner, void* data, const void** block) {
  auto* member = static_cast<Member*>(data);
  la_ssize_t got = archive_read_data(member->outer, member->buffer.data(), member->buffer.size());
  if (got < 0) archive_set_error(inner, ARCHIVE_FATAL, "%s", archive_error_string(member->outer));
  *block = member->buffer.data();
  return got;
}

std::string message_of(archive* a) {
  const char* text = archive_error_string(a);
  return text ? std::string(text) : std::string("unknown libarchive error");
}

// "./etc/x" and "etc/x" as "/etc/x".
std::string absolute(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  if (!path.starts_with("/")) return "/" + std::string(path);
  return std::string(path);
}

// Calls `visit(path, read)` for each regular file of the tar member; `read()` returns its
// bytes. Stops when `visit` returns false.
template <typename Visit>
Status for_each_file(archive* outer, const std::string& shown, Visit visit) {
  ArchivePtr inner(archive_read_new());
  archive_read_support_format_tar(inner.get());
  archive_read_support_filter_all(inner.get());
  Member member{outer, {}};
  if (archive_read_open(inner.get(), &member, nullptr, read_member, nullptr) != ARCHIVE_OK) {
    return make_error(ErrorCode::kInvalidInput, "cannot read '{}': {}", shown,
                      message_of(inner.get()));
  }
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(inner.get(), &entry)) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    std::string path = absolute(archive_entry_pathname(entry));
    auto read = [&]() -> Expected<std::string> {
      std::string bytes;
      std::array<char, 64 * 1024> buffer{};
      for (;;) {
        la_ssize_t got = archive_read_data(inner.get(), buffer.data(), buffer.size());
        if (got < 0) {
          return make_error(ErrorCode::kInvalidInput, "cannot read '{}' in '{}': {}", path, shown,
                            message_of(inner.get()));
        }
        if (got == 0) return bytes;
        bytes.append(buffer.data(), static_cast<std::size_t>(got));
      }
    };
    auto more = visit(path, read);
    if (!more) return more.error();
    if (!*more) return ok();
  }
  if (status != ARCHIVE_EOF) {
    return make_error(ErrorCode::kInvalidInput, "cannot read '{}': {}", shown,
                      message_of(inner.get()));
  }
  return ok();
}

}  // namespace

std::string md5_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

Expected<std::map<std::string, std::string>> read_deb_conffiles(UniqueFd deb,
                                                                const std::string& shown) {
  ArchivePtr outer(archive_read_new());
  archive_read_support_format_ar(outer.get());
  if (archive_read_open_fd(outer.get(), deb.get(), 64 * 1024) != ARCHIVE_OK) {
    return make_error(ErrorCode::kInvalidInput, "cannot read package '{}': {}", shown,
                      message_of(outer.get()));
  }
  std::map<std::string, std::string> conffiles;
  bool have_control = false;
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(outer.get(), &entry)) == ARCHIVE_OK) {
    std::string_view name = archive_entry_pathname(entry);
    if (name.starts_with("control.tar")) {
      have_control = true;
      auto s = for_each_file(outer.get(), shown,
                             [&](const std::string& path, auto read) -> Expected<bool> {
                               if (path != "/conffiles") return true;
                               auto text = read();
                               if (!text) return text.error();
                               std::istringstream lines(*text);
                               std::string line;
                               while (std::getline(lines, line)) {
                                 // deb-conffiles(5): an optional flag ("remove-on-upgrade") before
                                 // the path.
                                 std::istringstream words(line);
                                 std::string first, second;
                                 words >> first >> second;
                                 std::string listed = second.empty() ? first : second;
                                 if (first == "remove-on-upgrade") continue;
                                 if (!listed.empty()) conffiles[listed] = "";
                               }
                               return false;
                             });
      if (!s) return s.error();
    } else if (name.starts_with("data.tar")) {
      if (!have_control) break;
      if (conffiles.empty()) return conffiles;
      auto s = for_each_file(outer.get(), shown,
                             [&](const std::string& path, auto read) -> Expected<bool> {
                               auto it = conffiles.find(path);
                               if (it == conffiles.end()) return true;
                               auto bytes = read();
                               if (!bytes) return bytes.error();
                               it->second = md5_hex(*bytes);
                               return true;
                             });
      if (!s) return s.error();
      return conffiles;
    }
  }
  if (status != ARCHIVE_EOF && status != ARCHIVE_OK) {
    return make_error(ErrorCode::kInvalidInput, "'{}' is not a Debian package: {}", shown,
                      message_of(outer.get()));
  }
  return make_error(ErrorCode::kInvalidInput,
                    "'{}' is not a Debian package: no control.tar before data.tar", shown);
}

std::string conffile_verdict(const std::string& package, const Conffile& installed,
                             const std::string& on_disk_md5, const std::string& new_md5,
                             bool keep_old_conffiles) {
  if (installed.md5.empty() || installed.md5 == "newconffile" || on_disk_md5.empty()) return "";
  const bool modified = on_disk_md5 != installed.md5;
  const bool changed = !new_md5.empty() && new_md5 != installed.md5;
  if (!modified || !changed) return "";
  if (on_disk_md5 == new_md5) return "";  // dpkg: the local change is the new version
  return fmt::format("{} ({}): modified locally and changed by the package: {}", installed.path,
                     package,
                     keep_old_conffiles ? "old kept (confold)" : "new installed (confnew)");
}

Expected<std::vector<std::string>> conffile_changes(Transport& transport,
                                                    const PrecheckReport& report,
                                                    bool keep_old_conffiles) {
  std::vector<std::string> lines;
  auto root = RootFs::open(transport.local_tree());
  if (!root) return root.error();
  for (const auto& action : report.actions) {
    if (action.remove) continue;
    const HostPackage* installed = nullptr;
    for (const auto& key :
         {action.name, action.name + ":" + report.native_architecture, action.name + ":all"}) {
      auto it = report.packages.find(key);
      if (it != report.packages.end() && it->second.has_current_version()) installed = &it->second;
    }
    if (installed == nullptr || installed->conffiles.empty()) continue;
    // Only a conffile modified locally can give a verdict: the .deb is opened for those.
    std::vector<std::string> on_disk;
    bool modified = false;
    for (const auto& conffile : installed->conffiles) {
      auto text = transport.read_file(conffile.path);
      on_disk.push_back(text ? md5_hex(*text) : "");
      modified = modified || (!on_disk.back().empty() && on_disk.back() != conffile.md5);
    }
    if (!modified) continue;
    const std::string deb =
        "/var/cache/apt/archives/" +
        archive_file_name(installed->name, action.new_version, installed->architecture);
    auto fd = root->open_read(deb);
    if (!fd) {
      lines.push_back(
          fmt::format("{}: conffiles not compared, no '{}' in apt's cache", installed->name, deb));
      continue;
    }
    auto shipped = read_deb_conffiles(std::move(*fd), root->display_path(deb));
    if (!shipped) return shipped.error();
    for (std::size_t i = 0; i < installed->conffiles.size(); ++i) {
      const Conffile& conffile = installed->conffiles[i];
      auto it = shipped->find(conffile.path);
      std::string line =
          conffile_verdict(installed->name, conffile, on_disk[i],
                           it == shipped->end() ? "" : it->second, keep_old_conffiles);
      if (!line.empty()) lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace patchplan::deploy
