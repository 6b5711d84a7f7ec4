// Preferences files, ported from ReadPinFile and ReadPinDir (apt 2.6 apt-pkg/policy.cc;
// apt 3.0 adds "Pin-Priority: never").
#include "updates/preferences.hpp"

#include <cerrno>
#include <cstdlib>
#include <limits>

#include "common/byte_source.hpp"
#include "common/deb822.hpp"
#include "updates/apt_words.hpp"
#include "updates/parts_dir.hpp"

namespace patchplan::updates {
namespace {

constexpr std::size_t kMaxPreferencesFile = 16u << 20;

// pkgTagSection::FindI: strtol of the value; nullopt when not a number. `range_error`
// is set when the number does not fit an int.
std::optional<long> find_integer(std::string_view value, bool& range_error) {
  if (value.size() >= 300) return std::nullopt;
  std::string copy(value);
  errno = 0;
  char* end = nullptr;
  long number = std::strtol(copy.c_str(), &end, 10);
  range_error = errno == ERANGE || number < std::numeric_limits<int>::min() ||
                number > std::numeric_limits<int>::max();
  if (end == copy.c_str()) return std::nullopt;
  return number;
}

// Pin-Priority as ReadPinFile checks it: a number in -32768..32767 other than 0, or
// "never" under apt 3.0.
Expected<int> parse_priority(std::string_view text, AptSemantics semantics,
                             const std::string& origin) {
  if (semantics == AptSemantics::kApt30 && text == "never") return kNeverPin;
  bool range_error = false;
  std::optional<long> priority = find_integer(text, range_error);
  if (range_error || (priority && (*priority < std::numeric_limits<short>::min() ||
                                   *priority > std::numeric_limits<short>::max()))) {
    return make_error(ErrorCode::kInvalidInput,
                      "{}: value '{}' is outside the range of valid pin priorities (-32768 to "
                      "32767)",
                      origin, text);
  }
  if (!priority || *priority == 0) {
    return make_error(ErrorCode::kInvalidInput, "{}: no priority (or zero) specified for pin",
                      origin);
  }
  return static_cast<int>(*priority);
}

// The names of a Package field ("*" gives none: a default pin).
std::vector<std::string> split_names(std::string_view field) {
  std::vector<std::string> names;
  if (field == "*") return names;
  std::string current;
  for (char c : std::string(field) + ' ') {
    if (!detail::is_space(c)) {
      current.push_back(c);
    } else if (!current.empty()) {
      names.push_back(std::move(current));
      current.clear();
    }
  }
  return names;
}

Expected<std::optional<PinStanza>> parse_stanza(const Paragraph& paragraph, std::string_view file,
                                                AptSemantics semantics,
                                                std::vector<std::string>& notices) {
  std::optional<std::string> package, pin, priority_field;
  bool any_field = false;
  auto status = for_each_field(
      paragraph, file,
      [&](const Field& field) {
        any_field = true;
        auto take = [&](std::optional<std::string>& slot, std::string_view name) {
          if (!slot && detail::equals_ignore_case(field.name, name)) {
            slot = std::string(field.value);
          }
        };
        take(package, "Package");
        take(pin, "Pin");
        take(priority_field, "Pin-Priority");
        return true;
      },
      true);
  if (!status) return status.error();
  if (!any_field) return std::optional<PinStanza>{};  // only comments

  std::string origin = fmt::format("{}:{}", file, paragraph.first_line);
  if (!package || package->empty()) {
    return make_error(ErrorCode::kInvalidInput,
                      "{}: invalid record in the preferences file, no Package header", origin);
  }
  if (!pin) return std::optional<PinStanza>{};

  PinStanza stanza;
  stanza.origin = origin;
  bool all_packages = *package == "*";
  stanza.packages = split_names(*package);

  std::string_view pin_value = *pin;
  std::size_t word_end = 0;
  while (word_end < pin_value.size() && !detail::is_space(pin_value[word_end])) ++word_end;
  std::string_view type = pin_value.substr(0, word_end);
  if (detail::equals_ignore_case(type, "version") && !all_packages) {
    stanza.kind = PinKind::kVersion;
  } else if (detail::equals_ignore_case(type, "release")) {
    stanza.kind = PinKind::kRelease;
  } else if (detail::equals_ignore_case(type, "origin")) {
    stanza.kind = PinKind::kOrigin;
  } else {
    notices.push_back(fmt::format("{}: did not understand pin type '{}'", origin, type));
    return std::optional<PinStanza>{};
  }
  pin_value.remove_prefix(word_end);
  while (!pin_value.empty() && detail::is_space(pin_value.front())) pin_value.remove_prefix(1);
  stanza.data = std::string(pin_value);

  auto priority =
      parse_priority(priority_field ? std::string_view(*priority_field) : "", semantics, origin);
  if (!priority) return priority.error();
  stanza.priority = *priority;
  return std::optional<PinStanza>{std::move(stanza)};
}

Status read_file_into(const RootFs& root, const std::string& path, AptSemantics semantics,
                      std::vector<PinStanza>& stanzas, std::vector<std::string>& notices) {
  auto text = root.read_file(path, kMaxPreferencesFile);
  if (!text) return text.error().context("cannot read preferences");
  auto parsed = parse_preferences(*text, root.display_path(path), semantics, notices);
  if (!parsed) return parsed.error();
  stanzas.insert(stanzas.end(), std::make_move_iterator(parsed->begin()),
                 std::make_move_iterator(parsed->end()));
  return ok();
}

}  // namespace

Expected<std::vector<PinStanza>> parse_preferences(std::string_view text, std::string_view file,
                                                   AptSemantics semantics,
                                                   std::vector<std::string>& notices) {
  ParagraphReaderOptions options;
  options.allow_comments = true;
  options.max_paragraph_bytes = 1u << 20;
  ParagraphReader reader(memory_source(std::string(text), std::string(file)), options);
  std::vector<PinStanza> stanzas;
  while (true) {
    auto paragraph = reader.next();
    if (!paragraph) return paragraph.error();
    for (std::string& skipped : reader.take_skipped()) notices.push_back(std::move(skipped));
    if (!*paragraph) return stanzas;
    auto stanza = parse_stanza(**paragraph, file, semantics, notices);
    if (!stanza) return stanza.error();
    if (*stanza) stanzas.push_back(std::move(**stanza));
  }
}

Expected<std::vector<PinStanza>> read_preferences(const RootFs& root, const AptConfig& config,
                                                  AptSemantics semantics,
                                                  std::vector<std::string>& notices) {
  std::vector<PinStanza> stanzas;
  std::string file = config.find_file("Dir::Etc::preferences");
  if (!file.empty() && is_regular_file(root, file)) {
    if (auto status = read_file_into(root, file, semantics, stanzas, notices); !status) {
      return status.error();
    }
  }
  std::string dir = config.find_dir("Dir::Etc::preferencesparts", "/dev/null");
  if (dir.ends_with("/dev/null") || !root.list_dir(dir)) return stanzas;
  auto files = list_part_files(root, dir, {"pref"}, true);
  if (!files) return files.error().context("cannot list preferences");
  notices.insert(notices.end(), files->notices.begin(), files->notices.end());
  for (const std::string& path : files->paths) {
    if (auto status = read_file_into(root, path, semantics, stanzas, notices); !status) {
      return status.error();
    }
  }
  return stanzas;
}

}  // namespace patchplan::updates
