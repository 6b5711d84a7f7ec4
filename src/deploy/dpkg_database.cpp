// Reading the dpkg status file and its journal in-process (dpkg's lib/dpkg/dbmodify.c
// and parse.c; the Conffiles field of dpkg's deb-conffiles(5) " path md5 [flag]" lines).
#include "deploy/dpkg_database.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include "common/byte_source.hpp"
#include "common/deb822.hpp"
#include "inventory/architectures.hpp"
#include "inventory/status_stanza.hpp"

namespace patchplan::deploy {
namespace {

constexpr std::string_view kAdminDir = "/var/lib/dpkg";

std::vector<Conffile> conffiles_of(const Paragraph& paragraph) {
  std::vector<Conffile> out;
  auto field = find_field(paragraph, "Conffiles");
  if (!field) return out;
  std::istringstream lines{std::string(field->value)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    Conffile conffile;
    words >> conffile.path >> conffile.md5;
    if (!conffile.path.empty()) out.push_back(std::move(conffile));
  }
  return out;
}

std::string field_value(const Paragraph& paragraph, std::string_view name) {
  auto field = find_field(paragraph, name);
  return field ? std::string(trim(field->value)) : std::string();
}

RelationFields relations_of(const Paragraph& paragraph) {
  return {field_value(paragraph, "Depends"), field_value(paragraph, "Pre-Depends"),
          field_value(paragraph, "Breaks"), field_value(paragraph, "Conflicts"),
          field_value(paragraph, "Provides")};
}

// Adds the stanzas of one file; a later stanza of a (name, architecture) replaces the
// earlier one, as dpkg's per-architecture package slots do. `slots` indexes
// database.status.packages by "name:arch".
Status read_stanzas(std::string text, const std::string& file, DpkgDatabase& database,
                    std::unordered_map<std::string, std::size_t>& slots) {
  ParagraphReader reader(std::make_unique<MemorySource>(std::move(text), file));
  for (;;) {
    auto paragraph = reader.next();
    if (!paragraph) return paragraph.error();
    if (!*paragraph) break;
    if (!(*paragraph)->text.ends_with('\n')) {
      database.status.warnings.push_back(
          fmt::format("{}:{}: stanza cut off at end of file", file, (*paragraph)->first_line));
      continue;
    }
    auto package =
        inventory::detail::parse_status_stanza(**paragraph, file, database.status.warnings);
    if (!package) {
      database.status.warnings.push_back(package.error().message);
      continue;
    }
    HostPackage host{package->name,
                     package->architecture,
                     package->version,
                     inventory::PackageStatus{},
                     conffiles_of(**paragraph),
                     package->source,
                     package->multi_arch,
                     relations_of(**paragraph)};
    host.status.selection = package->selection;
    host.status.state = package->state;
    host.status.reinstall_required = package->reinstall_required;
    std::string key = package->name + ":" + package->architecture;
    auto& packages = database.status.packages;
    auto [slot, added] = slots.try_emplace(key, packages.size());
    if (added) {
      packages.push_back(std::move(*package));
    } else {
      packages[slot->second] = std::move(*package);
    }
    database.packages[key] = std::move(host);
  }
  for (auto& skipped : reader.take_skipped()) database.status.warnings.push_back(skipped);
  return ok();
}

}  // namespace

bool is_journal_file_name(std::string_view name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Expected<DpkgDatabase> read_dpkg_database(Transport& transport) {
  DpkgDatabase database;
  std::unordered_map<std::string, std::size_t> slots;
  const std::string status_path = std::string(kAdminDir) + "/status";
  auto status = transport.read_file(status_path);
  if (!status) return status.error();
  if (auto s = read_stanzas(std::move(*status), status_path, database, slots); !s) return s.error();
  auto journal = transport.list_dir(std::string(kAdminDir) + "/updates");
  if (!journal) return database;  // no updates directory: nothing pending
  for (const auto& name : *journal) {
    if (!is_journal_file_name(name)) continue;
    const std::string path = std::string(kAdminDir) + "/updates/" + name;
    auto text = transport.read_file(path);
    if (!text) return text.error();
    if (auto s = read_stanzas(std::move(*text), path, database, slots); !s) return s.error();
  }
  return database;
}

Expected<std::string> native_architecture_of(Transport& transport, const DpkgDatabase& database) {
  for (const auto& package : database.status.packages) {
    if (package.name == "dpkg" && package.has_current_version()) return package.architecture;
  }
  utsname machine{};
  if (::uname(&machine) == 0) {
    if (auto arch = inventory::debian_architecture_of_machine(machine.machine)) return *arch;
  }
  return make_error(ErrorCode::kInvalidInput,
                    "cannot tell the native architecture of '{}': no installed dpkg and an "
                    "unknown machine",
                    transport.name());
}

}  // namespace patchplan::deploy
