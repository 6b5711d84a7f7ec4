// The dpkg database through dpkg_database, and apt-cache policy and apt-get -s output:
// apt-cache policy's "Candidate:" line, apt-get's simulation lines (apt-private
// private-install.cc, "Inst"/"Remv").
#include "deploy/host_packages.hpp"

#include <sstream>

#include "common/deb822.hpp"
#include "deploy/dpkg_database.hpp"

namespace patchplan::deploy {
namespace {

Error failed(const Transport& transport, const Command& command, const CommandResult& result) {
  std::string last = result.output;
  while (!last.empty() && last.back() == '\n') last.pop_back();
  std::size_t cut = last.rfind('\n');
  if (cut != std::string::npos) last = last.substr(cut + 1);
  return make_error(ErrorCode::kIo, "'{}' on '{}' failed with exit code {}{}: {}", command.argv[0],
                    transport.name(), result.exit_code, result.timed_out ? " (timed out)" : "",
                    last);
}

Expected<std::string> output_of(Transport& transport, const Command& command) {
  auto result = transport.run(command);
  if (!result) return result.error();
  if (!result->succeeded()) return failed(transport, command, *result);
  return std::move(result->output);
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find(separator, start);
    out.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

}  // namespace

std::vector<std::string> apt_common_options() {
  return {"-q", "-o", "Debug::NoLocking=1", "-o", "APT::Color=0"};
}

Expected<std::map<std::string, HostPackage>> query_host_packages(Transport& transport) {
  auto database = read_dpkg_database(transport);
  if (!database) return database.error();
  return std::move(database->packages);
}

Expected<std::string> native_architecture(Transport& transport) {
  auto database = read_dpkg_database(transport);
  if (!database) return database.error();
  return native_architecture_of(transport, *database);
}

Expected<std::map<std::string, AptVersions>> candidate_versions(Transport& transport,
                                                                const std::vector<PackagePin>& pins,
                                                                std::string_view native) {
  std::vector<std::string> argv{"apt-cache"};
  for (auto& option : apt_common_options()) argv.push_back(option);
  argv.emplace_back("policy");
  std::map<std::string, AptVersions> candidates;
  for (const auto& pin : pins) {
    argv.push_back(pin.apt_name(native));
    candidates[pin.apt_name(native)] = {};
  }
  auto output = output_of(transport, make_command(Tool::kApt, argv));
  if (!output) return output.error();
  std::string current;
  for (const auto& line : split(*output, '\n')) {
    if (!line.empty() && line[0] != ' ' && line.back() == ':') {
      current = line.substr(0, line.size() - 1);
      // apt-cache prints a native package as "name:" and a foreign one as "name:arch:".
      if (!candidates.contains(current)) current = current.substr(0, current.find(':'));
      continue;
    }
    std::string_view trimmed = trim(line);
    if (!candidates.contains(current)) continue;
    if (trimmed.starts_with("Candidate:")) {
      std::string version(trim(trimmed.substr(10)));
      candidates[current].candidate = version == "(none)" ? "" : version;
      continue;
    }
    // Version table rows: "[***] VERSION PRIORITY", indented by 5 (8 for the sources).
    if (line.starts_with("     ") && !line.starts_with("        ")) {
      std::istringstream words{std::string(trimmed)};
      std::string version;
      words >> version;
      if (version == "***") words >> version;
      if (!version.empty()) candidates[current].available.push_back(version);
    }
  }
  return candidates;
}

Expected<std::vector<SimulatedAction>> simulate_install(Transport& transport,
                                                        const std::vector<std::string>& words) {
  std::vector<std::string> argv{"apt-get"};
  for (auto& option : apt_common_options()) argv.push_back(option);
  for (const char* word : {"-s", "--no-install-recommends", "install"}) argv.emplace_back(word);
  argv.insert(argv.end(), words.begin(), words.end());
  Command command = make_command(Tool::kApt, argv);
  auto result = transport.run(command);
  if (!result) return result.error();
  if (!result->succeeded()) {
    std::string reasons;
    std::string unavailable;
    for (const auto& line : split(result->output, '\n')) {
      if (!line.starts_with("E: ")) continue;
      // apt-private/private-cacheset.cc: "Version '%s' for '%s' was not found".
      std::string version, name;
      std::size_t for_at = line.find("' for '");
      if (line.starts_with("E: Version '") && line.ends_with("' was not found") &&
          for_at != std::string::npos) {
        version = line.substr(12, for_at - 12);
        name = line.substr(for_at + 7, line.size() - 15 - for_at - 7);
        unavailable += fmt::format(
            "{}planned version {} of '{}' is not available from the host's apt sources: plan again",
            unavailable.empty() ? "" : "; ", version, name);
      }
      reasons += (reasons.empty() ? "" : "; ") + line.substr(3);
    }
    if (!unavailable.empty()) return make_error(ErrorCode::kConflict, "{}", unavailable);
    return make_error(ErrorCode::kConflict, "apt refuses the install on '{}': {}", transport.name(),
                      reasons.empty() ? "exit code " + std::to_string(result->exit_code) : reasons);
  }
  std::vector<SimulatedAction> actions;
  for (const auto& line : split(result->output, '\n')) {
    bool install = line.starts_with("Inst ");
    if (!install && !line.starts_with("Remv ")) continue;
    std::istringstream words_in(line.substr(5));
    SimulatedAction action;
    action.remove = !install;
    words_in >> action.name;
    std::string rest;
    std::getline(words_in, rest);
    // "[old] (new origin [arch])": only a bracket before the parenthesis is the old version.
    std::size_t paren = rest.find('(');
    if (std::size_t open = rest.find('['); open != std::string::npos && open < paren) {
      action.old_version = rest.substr(open + 1, rest.find(']', open) - open - 1);
    }
    if (std::size_t open = paren; open != std::string::npos) {
      std::istringstream inside(rest.substr(open + 1));
      inside >> action.new_version;
    }
    actions.push_back(std::move(action));
  }
  return actions;
}

}  // namespace patchplan::deploy
