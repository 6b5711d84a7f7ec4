// The one-line sources format, ported from pkgSourceList::ParseFileOldStyle and
// pkgSourceList::Type::ParseLine (apt 2.6 apt-pkg/sourcelist.cc; sources.list(5)).
#include <algorithm>

#include "updates/apt_words.hpp"
#include "updates/source_options.hpp"
#include "updates/sources_list.hpp"

namespace patchplan::updates {
namespace {

using detail::is_space;

void skip_spaces(std::string_view& text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
}

// Drops a '#' comment unless the '#' sits inside an unclosed "[...]" option list.
std::string strip_comment(std::string line) {
  for (std::size_t pos = 0; (pos = line.find('#', pos)) != std::string::npos;) {
    auto open = std::count(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(pos), '[');
    auto close = std::count(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(pos), ']');
    if (open > close) {
      ++pos;
      continue;
    }
    line.erase(pos);
    break;
  }
  std::size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  line.erase(0, first);
  line.erase(line.find_last_not_of(" \t\r") + 1);
  return line;
}

class LineParser {
 public:
  LineParser(std::string_view file, std::size_t line, std::string_view arch)
      : origin_(fmt::format("{}:{}", file, line)), arch_(arch) {}

  Error malformed(std::string_view reason) const {
    return make_error(ErrorCode::kInvalidInput, "{}: malformed entry ({})", origin_, reason);
  }

  Status parse_options(std::string_view& rest, std::map<std::string, std::string>& options) {
    rest.remove_prefix(1);  // the '['
    skip_spaces(rest);
    while (rest.empty() || rest.front() != ']') {
      std::string_view before = rest;
      auto option = detail::parse_quote_word(rest);
      if (!option) return malformed("[option] unparsable");
      if (option->size() < 3) return malformed("[option] too short");
      if (option->back() == ']') {
        // "key=value]": step back onto the ']' that ends the list.
        std::size_t close = before.substr(0, before.size() - rest.size()).rfind(']');
        rest = before.substr(close);
        option->pop_back();
      }
      std::size_t equals = option->find('=');
      if (equals == std::string::npos) return malformed("[option] not assignment");
      if (equals == 0) return malformed("[option] no key");
      if (equals + 1 == option->size()) return malformed("[option] no value");
      options[option->substr(0, equals)] = option->substr(equals + 1);
    }
    rest.remove_prefix(1);
    skip_spaces(rest);
    return ok();
  }

  Status parse(std::string_view type, std::string_view rest, std::vector<SourceEntry>& out) {
    skip_spaces(rest);
    SourceEntry entry;
    entry.type = std::string(type);
    entry.origin = origin_;
    if (!rest.empty() && rest.front() == '[') {
      if (auto status = parse_options(rest, entry.options); !status) return status;
    }
    auto uri = detail::parse_quote_word(rest);
    if (!uri) return malformed("URI");
    auto suite = detail::parse_quote_word(rest);
    if (!suite) return malformed("Suite");
    if (!detail::fixup_uri(*uri, arch_)) return malformed("URI parse");
    entry.uri = std::move(*uri);

    if (!suite->empty() && suite->back() == '/') {
      if (detail::parse_quote_word(rest)) return malformed("absolute Suite Component");
      entry.suite = detail::substitute_arch(*suite, arch_);
      out.push_back(std::move(entry));
      return ok();
    }
    entry.suite = std::move(*suite);
    auto component = detail::parse_quote_word(rest);
    if (!component) return malformed("Component");
    do {
      entry.component = std::move(*component);
      out.push_back(entry);
    } while ((component = detail::parse_quote_word(rest)));
    return ok();
  }

  [[nodiscard]] const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  std::string_view arch_;
};

}  // namespace

Expected<std::vector<SourceEntry>> parse_one_line_sources(std::string_view text,
                                                          std::string_view file,
                                                          std::string_view native_architecture,
                                                          std::vector<std::string>& notices) {
  std::vector<SourceEntry> entries;
  std::size_t line_number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::string line = strip_comment(std::string(text.substr(pos, eol - pos)));
    pos = eol + 1;
    ++line_number;
    if (line.empty()) continue;

    std::size_t type_end = line.find_first_of(" \t\v");
    if (type_end == 0 || type_end == std::string::npos) {
      return make_error(ErrorCode::kInvalidInput, "{}:{}: malformed line (type)", file,
                        line_number);
    }
    std::string_view type = std::string_view(line).substr(0, type_end);
    if (type != "deb" && type != "deb-src") {
      return make_error(ErrorCode::kInvalidInput, "{}:{}: type '{}' is not known", file,
                        line_number, type);
    }
    LineParser parser(file, line_number, native_architecture);
    std::size_t before = entries.size();
    if (auto status = parser.parse(type, std::string_view(line).substr(type_end), entries);
        !status) {
      return status.error();
    }
    if (entries.size() > before) {
      detail::note_unknown_options(entries[before].options, parser.origin(), notices);
    }
  }
  return entries;
}

}  // namespace patchplan::updates
