// Host name resolution for local and offline roots.
#include "inventory/host_name.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>

#include "inventory/message_text.hpp"
#include "inventory/text_lines.hpp"

namespace patchplan::inventory {
namespace {

constexpr std::size_t kMaxHostNameBytes = 253;
constexpr std::size_t kMaxHostnameFileBytes = 4096;

bool is_valid_host_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxHostNameBytes) return false;
  return std::ranges::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

std::string local_host_name() {
  char buffer[HOST_NAME_MAX + 1] = {};
  if (::gethostname(buffer, sizeof buffer - 1) == 0 && buffer[0] != '\0') return buffer;
  utsname names{};
  if (::uname(&names) == 0) return names.nodename;
  return "localhost";
}

// The first line of the file that is neither blank nor a '#' comment.
std::string_view first_name_line(std::string_view text) {
  std::string_view found;
  detail::for_each_line(text, [&](std::size_t, std::string_view line) {
    if (line.empty() || line.starts_with('#')) return true;
    found = line;
    return false;
  });
  return found;
}

std::string folder_name(const RootFs& root) {
  std::error_code ignored;
  auto path = std::filesystem::weakly_canonical(std::filesystem::absolute(root.root()), ignored);
  std::string name = path.filename().string();
  return name.empty() ? root.root() : name;
}

}  // namespace

std::string host_name(const RootFs& root, std::optional<std::string> override,
                      std::vector<std::string>& warnings) {
  if (override) return std::move(*override);
  if (root.is_host_root()) return local_host_name();
  auto text = root.read_file("/etc/hostname", kMaxHostnameFileBytes);
  if (text) {
    std::string_view line = first_name_line(*text);
    if (is_valid_host_name(line)) return std::string(line);
    warnings.push_back(
        fmt::format("{}: no valid host name in the file ('{}'); using the folder "
                    "name",
                    root.display_path("/etc/hostname"), message_excerpt(line)));
  } else if (text.error().code != ErrorCode::kNotFound) {
    warnings.push_back(text.error().message);
  }
  return folder_name(root);
}

std::string host_name(const RootFs& root, std::optional<std::string> override) {
  std::vector<std::string> ignored;
  return host_name(root, std::move(override), ignored);
}

}  // namespace patchplan::inventory
