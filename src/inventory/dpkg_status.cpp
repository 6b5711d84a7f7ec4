// Streaming reader of the dpkg status file with dpkg's per-architecture package slots.
#include "inventory/dpkg_status.hpp"

#include <algorithm>
#include <unordered_map>

#include "common/byte_source.hpp"
#include "common/deb822.hpp"
#include "inventory/message_text.hpp"
#include "inventory/status_stanza.hpp"

namespace patchplan::inventory {
namespace {

// Index of each (name, architecture) slot in StatusDatabase::packages.
using SlotIndex = std::unordered_map<std::string, std::size_t>;

std::string slot_key(const InstalledPackage& package) {
  return package.name + '\0' + package.architecture;
}

Error open_error(const RootFs& root, std::string_view path, const Error& error) {
  if (error.code == ErrorCode::kNotFound) {
    return make_error(ErrorCode::kNotFound, "cannot read dpkg status '{}': no such file",
                      root.display_path(path));
  }
  return error.context("cannot read dpkg status");
}

// A stanza whose last line has no newline was cut off (dpkg: "end of file during value
// of field"); its last value may be incomplete, so it is not used.
bool is_cut_off(const Paragraph& paragraph) { return !paragraph.text.ends_with('\n'); }

void add_stanza(const Paragraph& paragraph, std::string_view file, StatusDatabase& database,
                SlotIndex& slots) {
  if (is_cut_off(paragraph)) {
    auto newlines = std::count(paragraph.text.begin(), paragraph.text.end(), '\n');
    database.warnings.push_back(
        fmt::format("{}:{}: stanza cut off at end of file (no final newline)", file,
                    paragraph.first_line + static_cast<std::size_t>(newlines)));
    return;
  }
  auto package = detail::parse_status_stanza(paragraph, file, database.warnings);
  if (!package) {
    database.warnings.push_back(without_control_characters(package.error().message));
    return;
  }
  auto [slot, inserted] = slots.try_emplace(slot_key(*package), database.packages.size());
  if (inserted) {
    database.packages.push_back(std::move(*package));
    return;
  }
  InstalledPackage& earlier = database.packages[slot->second];
  database.warnings.push_back(fmt::format(
      "{}:{}: package '{}' ({}) already listed at line {}; this later stanza replaces it", file,
      package->line, package->name, package->architecture, earlier.line));
  earlier = std::move(*package);
}

// dpkg refuses a database where a package has several installed instances unless all
// are Multi-Arch: same (lib/dpkg/parse.c parse_find_set_slot); patchplan keeps them and
// says so.
void check_coinstallable(StatusDatabase& database, std::string_view file) {
  struct Count {
    int single = 0;
    int multi = 0;
    std::size_t last_line = 0;
  };
  std::unordered_map<std::string_view, Count> counts;
  for (const auto& package : database.packages) {
    if (package.state == PackageState::kNotInstalled) continue;
    Count& count = counts[package.name];
    ++(package.multi_arch == "same" ? count.multi : count.single);
    count.last_line = std::max(count.last_line, package.line);
  }
  std::vector<std::pair<std::size_t, std::string_view>> conflicts;
  for (const auto& [name, count] : counts) {
    if (count.single > 1 || (count.single > 0 && count.multi > 0)) {
      conflicts.emplace_back(count.last_line, name);
    }
  }
  std::sort(conflicts.begin(), conflicts.end());
  for (const auto& [line, name] : conflicts) {
    database.warnings.push_back(
        fmt::format("{}:{}: package '{}' has several installed instances that are not all "
                    "Multi-Arch: same (dpkg refuses such a database)",
                    file, line, name));
  }
}

}  // namespace

Expected<StatusDatabase> read_dpkg_status(const RootFs& root, std::string_view path) {
  auto source = open_byte_source(root, path);
  if (!source) return open_error(root, path, source.error());
  ParagraphReader reader(std::move(*source));
  std::string file = reader.name();

  StatusDatabase database;
  SlotIndex slots;
  while (true) {
    auto paragraph = reader.next();
    if (!paragraph) return paragraph.error();
    for (auto& skipped : reader.take_skipped()) database.warnings.push_back(std::move(skipped));
    if (!*paragraph) break;
    add_stanza(**paragraph, file, database, slots);
  }
  check_coinstallable(database, file);
  return database;
}

}  // namespace patchplan::inventory
