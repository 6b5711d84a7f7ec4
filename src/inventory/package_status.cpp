// Status field words and abbreviations, as in dpkg's lib/dpkg/parsehelp.c and
// dpkg-query's db:Status-Abbrev virtual field.
#include "inventory/package_status.hpp"

#include <array>
#include <utility>

#include "common/deb822.hpp"

namespace patchplan::inventory {
namespace {

template <typename T>
struct Word {
  std::string_view name;
  char letter;
  T value;
};

constexpr std::array<Word<Selection>, 5> kSelections{{
    {"unknown", 'u', Selection::kUnknown},
    {"install", 'i', Selection::kInstall},
    {"hold", 'h', Selection::kHold},
    {"deinstall", 'r', Selection::kDeinstall},
    {"purge", 'p', Selection::kPurge},
}};

constexpr std::array<Word<PackageState>, 8> kStates{{
    {"not-installed", 'n', PackageState::kNotInstalled},
    {"config-files", 'c', PackageState::kConfigFiles},
    {"half-installed", 'H', PackageState::kHalfInstalled},
    {"unpacked", 'U', PackageState::kUnpacked},
    {"half-configured", 'F', PackageState::kHalfConfigured},
    {"triggers-awaited", 'W', PackageState::kTriggersAwaited},
    {"triggers-pending", 't', PackageState::kTriggersPending},
    {"installed", 'i', PackageState::kInstalled},
}};

template <typename T, std::size_t N>
const Word<T>* find_by_name(const std::array<Word<T>, N>& words, std::string_view name) {
  for (const auto& word : words) {
    if (word.name == name) return &word;
  }
  return nullptr;
}

template <typename T, std::size_t N>
const Word<T>& find_by_value(const std::array<Word<T>, N>& words, T value) {
  for (const auto& word : words) {
    if (word.value == value) return word;
  }
  return words.front();  // unreachable: every enumerator has a row
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Splits off the next blank-separated word of `text`.
std::string_view next_word(std::string_view& text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  std::size_t end = 0;
  while (end < text.size() && !is_blank(text[end])) ++end;
  std::string_view word = text.substr(0, end);
  text.remove_prefix(end);
  return word;
}

}  // namespace

std::optional<PackageStatus> parse_package_status(std::string_view value) {
  std::string_view rest = trim(value);
  const auto* want = find_by_name(kSelections, next_word(rest));
  std::string_view flag = next_word(rest);
  const auto* state = find_by_name(kStates, next_word(rest));
  if (want == nullptr || state == nullptr || (flag != "ok" && flag != "reinstreq")) {
    return std::nullopt;
  }
  if (!trim(rest).empty()) return std::nullopt;
  return PackageStatus{want->value, state->value, flag == "reinstreq"};
}

std::string_view selection_name(Selection selection) {
  return find_by_value(kSelections, selection).name;
}

std::string_view state_name(PackageState state) { return find_by_value(kStates, state).name; }

std::string status_abbrev(const InstalledPackage& package) {
  std::string abbrev;
  abbrev += find_by_value(kSelections, package.selection).letter;
  abbrev += find_by_value(kStates, package.state).letter;
  abbrev += package.reinstall_required ? 'R' : ' ';
  return abbrev;
}

std::string qualified_name(const InstalledPackage& package, std::string_view native_architecture) {
  // lib/dpkg/pkg-show.c pkgbin_name_needs_arch(), case pnaw_nonambig.
  const std::string& arch = package.architecture;
  bool foreign = !arch.empty() && arch != "all" && arch != native_architecture;
  if (!arch.empty() && (package.multi_arch == "same" || foreign)) {
    return package.name + ":" + arch;
  }
  return package.name;
}

}  // namespace patchplan::inventory
