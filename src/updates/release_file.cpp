// Release/InRelease parsing: SplitClearSignedFile (apt-pkg/contrib/gpgv.cc) and the fields
// debReleaseIndex::Merge keeps (apt-pkg/deb/debmetaindex.cc, apt 2.6).
#include "updates/release_file.hpp"

#include "common/byte_source.hpp"
#include "common/deb822.hpp"
#include "updates/apt_words.hpp"

namespace patchplan::updates {
namespace {

constexpr std::size_t kMaxReleaseFile = 64u << 20;

std::string_view rstrip(std::string_view line) {
  while (!line.empty() && detail::is_space(line.back())) line.remove_suffix(1);
  return line;
}

// FindFlag: StringToBool of the value; an unknown value leaves the flag as it was.
void apply_flag(const Field& field, std::string_view file, bool& flag,
                std::vector<std::string>& notices) {
  int value = detail::string_to_bool(field.value, -1);
  if (value < 0) {
    notices.push_back(fmt::format("{}:{}: unknown flag value '{}' for {}", file, field.line,
                                  field.value, field.name));
    return;
  }
  flag = value == 1;
}

}  // namespace

Expected<std::optional<std::string>> split_clear_signed(std::string_view text,
                                                        std::string_view file) {
  enum class State { kStart, kArmourHeaders, kMessage, kAfterMessage, kSignature };
  State state = State::kStart;
  bool message_started = false;  // apt's found_message_start
  bool first_line = true;        // no message line seen yet
  bool signature_closed = false;
  std::string message;
  auto fail = [&](std::string_view why) {
    return make_error(ErrorCode::kInvalidInput, "clear-signed file '{}' is not valid: {}", file,
                      why);
  };

  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = rstrip(text.substr(pos, eol - pos));
    pos = eol + 1;
    switch (state) {
      case State::kStart:
        if (line != "-----BEGIN PGP SIGNED MESSAGE-----") return std::optional<std::string>{};
        message_started = true;
        state = State::kArmourHeaders;
        break;
      case State::kArmourHeaders:
        if (line.empty()) state = State::kMessage;
        break;
      case State::kMessage:
        if (line == "-----BEGIN PGP SIGNATURE-----") {
          state = State::kSignature;
          break;
        }
        if (line.starts_with("- ")) line.remove_prefix(2);
        if (!first_line) message.push_back('\n');
        first_line = false;
        message.append(line);
        break;
      case State::kAfterMessage:
        if (line == "-----BEGIN PGP SIGNATURE-----") {
          state = State::kSignature;
        } else if (!line.empty()) {
          return fail("unsigned lines after the signature");
        }
        break;
      case State::kSignature:
        if (line == "-----END PGP SIGNATURE-----") {
          signature_closed = true;
          state = State::kAfterMessage;
        }
        break;
    }
  }
  if (!message_started) return std::optional<std::string>{};
  if (state == State::kSignature) return fail("the signature is not closed");
  if (first_line || state == State::kArmourHeaders || state == State::kMessage) {
    return fail("it does not contain all expected parts");
  }
  if (!signature_closed) return fail("the signature is not closed");
  return std::optional<std::string>{std::move(message)};
}

Expected<ReleaseInfo> parse_release(std::string_view text, std::string_view file,
                                    std::vector<std::string>& notices) {
  auto signed_message = split_clear_signed(text, file);
  if (!signed_message) return signed_message.error();
  std::string body = signed_message->has_value() ? std::move(**signed_message) : std::string(text);
  if (signed_message->has_value()) body.push_back('\n');

  ParagraphReader reader(memory_source(std::move(body), std::string(file)));
  auto paragraph = reader.next();
  if (!paragraph) return paragraph.error();
  if (!*paragraph) {
    return make_error(ErrorCode::kInvalidInput, "release file '{}' has no paragraph", file);
  }
  ReleaseInfo info;
  auto status = for_each_field(**paragraph, file, [&](const Field& field) {
    auto is = [&](std::string_view name) { return detail::equals_ignore_case(field.name, name); };
    std::string value(field.value);
    if (is("Origin")) info.origin = value;
    if (is("Label")) info.label = value;
    if (is("Suite")) info.suite = value;
    if (is("Codename")) info.codename = value;
    if (is("Version")) info.version = value;
    if (is("Date")) info.date = value;
    if (is("NotAutomatic")) apply_flag(field, file, info.not_automatic, notices);
    if (is("ButAutomaticUpgrades")) apply_flag(field, file, info.but_automatic_upgrades, notices);
    if (is("Architectures")) info.architectures = detail::vectorize(value, ' ');
    if (is("Components")) info.components = detail::vectorize(value, ' ');
    return true;
  });
  if (!status) return status.error();
  return info;
}

Expected<ReleaseInfo> read_release_file(const RootFs& root, std::string_view path,
                                        std::vector<std::string>& notices) {
  auto text = root.read_file(path, kMaxReleaseFile);
  if (!text) return text.error().context("cannot read release file");
  return parse_release(*text, root.display_path(path), notices);
}

}  // namespace patchplan::updates
