// OVAL variables (OVAL 5.11 section 5.3.7): external values from XCCDF, constants, and local
// variables built from components and functions.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cinttypes>
#include <cstdint>
#include <ctime>
#include <optional>

#include "common/deb822.hpp"
#include "harden/oval_engine.hpp"
#include "harden/regex.hpp"
#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

VariableValues error_values(std::string message) {
  VariableValues out;
  out.flag = Flag::kError;
  out.message = std::move(message);
  return out;
}

// Every combination of the children's values (the Cartesian product). oscap's order: for
// concat and arithmetic the first component varies fastest (`first_fastest`), for
// time_difference the second.
std::vector<std::vector<std::string>> combinations(const std::vector<VariableValues>& parts,
                                                   bool first_fastest) {
  std::vector<std::vector<std::string>> out{{}};
  const std::size_t n = parts.size();
  for (std::size_t k = 0; k < n; ++k) {
    // Build from the slowest part to the fastest one, keeping each tuple in component order.
    const std::size_t index = first_fastest ? n - 1 - k : k;
    std::vector<std::vector<std::string>> next;
    for (const auto& prefix : out) {
      for (const std::string& value : parts[index].values) {
        auto extended = prefix;
        extended.push_back(value);
        next.push_back(std::move(extended));
      }
    }
    out = std::move(next);
  }
  if (first_fastest) {
    for (auto& tuple : out) std::reverse(tuple.begin(), tuple.end());
  }
  return out;
}

// OVAL 5.11 glob_to_regex as oscap 1.3.7 converts: anchored; '*' and '?' never match '/', and
// at the start of the glob or of a path component they do not match a leading '.' either
// (glob(7) "Pathnames"); [...] classes kept ('!' negates); unless `noescape`, a backslash
// escapes '?', '*', '[' and ']' and is an ordinary character before anything else; the
// characters special to a Perl regular expression are escaped. nullopt for an unterminated
// class.
std::optional<std::string> glob_to_regex(std::string_view glob, bool noescape) {
  std::string out = "^";
  bool component_start = true;
  for (std::size_t i = 0; i < glob.size(); ++i) {
    const char c = glob[i];
    const bool at_start = component_start;
    component_start = false;
    switch (c) {
      case '/':
        out += c;
        component_start = true;
        break;
      case '*':
        out += at_start ? "(?=[^.])[^/]*" : "[^/]*";
        break;
      case '?':
        out += at_start ? "[^./]" : "[^/]";
        break;
      case '.':
      case '|':
      case '^':
      case '(':
      case ')':
      case '{':
      case '}':
      case '+':
      case '$':
        out += '\\';
        out += c;
        break;
      case '\\':
        if (noescape) {
          out += "\\\\";
        } else if (i + 1 < glob.size() &&
                   std::string_view("?*[]").find(glob[i + 1]) != std::string_view::npos) {
          out += '\\';
          out += glob[++i];
        } else {
          // An ordinary backslash; the character after it is taken as it is.
          out += "\\\\";
          if (i + 1 < glob.size()) out += glob[++i];
        }
        break;
      case '[': {
        // oscap drops the '[' of a class that starts a path component.
        if (!at_start || i == 0) out += '[';
        if (++i >= glob.size()) return std::nullopt;
        out += glob[i] == '!' ? '^' : glob[i];
        while (true) {
          if (++i >= glob.size()) return std::nullopt;
          if (glob[i] == '\\' && noescape) out += '\\';
          out += glob[i];
          if (glob[i] == ']') break;
        }
        break;
      }
      default:
        out += c;
    }
  }
  return out + "$";
}

// Days from 1970-01-01 to the proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap_year(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : kDays[m - 1];
}

// A cursor over a date-time string for the DateTimeFormatEnumeration formats.
class DateCursor {
 public:
  explicit DateCursor(std::string_view text) : text_(text) {}

  // Exactly `width` digits, or (width 0) one or two.
  bool number(unsigned& out, std::size_t width = 0) {
    std::size_t n = 0;
    out = 0;
    const std::size_t limit = width == 0 ? 2 : width;
    while (n < limit && pos_ + n < text_.size() && text_[pos_ + n] >= '0' &&
           text_[pos_ + n] <= '9') {
      out = out * 10 + static_cast<unsigned>(text_[pos_ + n] - '0');
      ++n;
    }
    pos_ += n;
    return width == 0 ? n > 0 : n == width;
  }
  bool literal(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool spaces() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
    return pos_ > start;
  }
  // A month name, full or abbreviated to its first three letters, any case.
  bool month_name(unsigned& out) {
    static constexpr std::string_view kNames[] = {"january",   "february", "march",    "april",
                                                  "may",       "june",     "july",     "august",
                                                  "september", "october",  "november", "december"};
    std::size_t n = 0;
    while (pos_ + n < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_ + n]))) {
      ++n;
    }
    std::string word(text_.substr(pos_, n));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (unsigned i = 0; i < 12; ++i) {
      if (word == kNames[i] || (word.size() == 3 && kNames[i].starts_with(word))) {
        out = i + 1;
        pos_ += n;
        return true;
      }
    }
    return false;
  }
  [[nodiscard]] bool done() const { return pos_ == text_.size(); }
  [[nodiscard]] bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

struct DateTime {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

std::optional<std::int64_t> to_epoch(const DateTime& t) {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month) ||
      t.hour > 23 || t.minute > 59 || t.second > 60) {
    return std::nullopt;
  }
  return days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

// " hh:mm:ss" at the end, or nothing.
bool optional_time(DateCursor& cursor, DateTime& t) {
  if (cursor.done()) return true;
  return cursor.spaces() && cursor.number(t.hour) && cursor.literal(':') &&
         cursor.number(t.minute) && cursor.literal(':') && cursor.number(t.second) && cursor.done();
}

// yyyymmdd, yyyymmddThhmmss, yyyy/mm/dd[ hh:mm:ss], yyyy-mm-dd[ hh:mm:ss].
std::optional<std::int64_t> parse_year_month_day(std::string_view text) {
  DateTime t;
  DateCursor cursor(text);
  if (!cursor.number(t.year, 4)) return std::nullopt;
  if (cursor.at('/') || cursor.at('-')) {
    const char separator = cursor.at('/') ? '/' : '-';
    if (!cursor.literal(separator) || !cursor.number(t.month) || !cursor.literal(separator) ||
        !cursor.number(t.day) || !optional_time(cursor, t)) {
      return std::nullopt;
    }
    return to_epoch(t);
  }
  if (!cursor.number(t.month, 2) || !cursor.number(t.day, 2)) return std::nullopt;
  if (cursor.literal('T') &&
      !(cursor.number(t.hour, 2) && cursor.number(t.minute, 2) && cursor.number(t.second, 2))) {
    return std::nullopt;
  }
  return cursor.done() ? to_epoch(t) : std::nullopt;
}

// mm/dd/yyyy[ hh:mm:ss], mm-dd-yyyy[ hh:mm:ss], NameOfMonth, dd yyyy[ hh:mm:ss] (full or
// abbreviated name); or with `day_first` dd/mm/yyyy[ hh:mm:ss], dd-mm-yyyy[ hh:mm:ss].
std::optional<std::int64_t> parse_numeric_first(std::string_view text, bool day_first) {
  DateTime t;
  DateCursor cursor(text);
  if (!day_first && cursor.month_name(t.month)) {
    if (!cursor.literal(',') || !cursor.spaces() || !cursor.number(t.day) || !cursor.spaces() ||
        !cursor.number(t.year, 4) || !optional_time(cursor, t)) {
      return std::nullopt;
    }
    return to_epoch(t);
  }
  unsigned first = 0, second = 0;
  if (!cursor.number(first)) return std::nullopt;
  const char separator = cursor.at('/') ? '/' : '-';
  if (!cursor.literal(separator) || !cursor.number(second) || !cursor.literal(separator) ||
      !cursor.number(t.year, 4) || !optional_time(cursor, t)) {
    return std::nullopt;
  }
  t.month = day_first ? second : first;
  t.day = day_first ? first : second;
  return to_epoch(t);
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// CIM DATETIME "yyyymmddHHMMSS.mmmmmmsUUU" (sUUU: the UTC offset in minutes) or, in WQL,
// "yyyy-mm-dd HH:MM:SS:mmm".
std::optional<std::int64_t> parse_cim_datetime(std::string_view text) {
  DateTime t;
  DateCursor cursor(text);
  unsigned ignored = 0;
  if (!cursor.number(t.year, 4)) return std::nullopt;
  if (cursor.literal('-')) {
    if (!cursor.number(t.month, 2) || !cursor.literal('-') || !cursor.number(t.day, 2) ||
        !cursor.spaces() || !cursor.number(t.hour, 2) || !cursor.literal(':') ||
        !cursor.number(t.minute, 2) || !cursor.literal(':') || !cursor.number(t.second, 2) ||
        !cursor.literal(':') || !cursor.number(ignored, 3) || !cursor.done()) {
      return std::nullopt;
    }
    return to_epoch(t);
  }
  unsigned offset = 0;
  if (!cursor.number(t.month, 2) || !cursor.number(t.day, 2) || !cursor.number(t.hour, 2) ||
      !cursor.number(t.minute, 2) || !cursor.number(t.second, 2) || !cursor.literal('.') ||
      !cursor.number(ignored, 6)) {
    return std::nullopt;
  }
  const bool minus = cursor.literal('-');
  if ((!minus && !cursor.literal('+')) || !cursor.number(offset, 3) || !cursor.done()) {
    return std::nullopt;
  }
  auto local = to_epoch(t);
  if (!local) return std::nullopt;
  return *local - (minus ? -1 : 1) * static_cast<std::int64_t>(offset) * 60;
}

// Seconds since the epoch of `value` in DateTimeFormatEnumeration `format` (OVAL 5.11); times
// without a zone are taken as UTC. nullopt when the value is not understood.
std::optional<std::int64_t> parse_date_time(std::string_view format, std::string_view value) {
  value = trim(value);
  if (format.empty() || format == "year_month_day") return parse_year_month_day(value);
  if (format == "month_day_year") return parse_numeric_first(value, false);
  if (format == "day_month_year") return parse_numeric_first(value, true);
  if (format == "seconds_since_epoch") return parse_integer(value);
  if (format == "win_filetime") {
    // 100-nanosecond intervals since 1601-01-01 00:00 UTC.
    auto ticks = parse_integer(value);
    if (!ticks) return std::nullopt;
    return *ticks / 10000000 - 11644473600;
  }
  if (format == "cim_datetime") return parse_cim_datetime(value);
  return std::nullopt;
}

std::string escape_regex(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("^$\\.[](){}*+?|").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

const VariableValues& OvalEngine::variable(std::string_view id) {
  if (auto it = variables_.find(id); it != variables_.end()) return it->second;
  const pugi::xml_node node = document_.variable(id);
  VariableValues values;
  if (!node) {
    values = error_values(fmt::format("variable '{}' not found", id));
  } else {
    // Placeholder against cycles: a variable that refers to itself is an error.
    variables_.emplace(node.attribute("id").value(),
                       error_values(fmt::format("variable '{}' refers to itself", id)));
    values = evaluate_variable(node);
    values.datatype = parse_datatype(node.attribute("datatype").value());
  }
  const std::string_view key = node ? std::string_view(node.attribute("id").value()) : id;
  return variables_.insert_or_assign(key, std::move(values)).first->second;
}

VariableValues OvalEngine::evaluate_variable(const pugi::xml_node& node) {
  const std::string_view kind = local_name(node);
  VariableValues out;
  if (kind == "external_variable") {
    auto it = externals_.find(std::string_view(node.attribute("id").value()));
    if (it == externals_.end() || it->second.empty()) {
      out.flag = Flag::kDoesNotExist;
      out.message =
          fmt::format("no value for external variable '{}'", node.attribute("id").value());
      return out;
    }
    out.values = it->second;
    return out;
  }
  if (kind == "constant_variable") {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (local_name(c) == "value") out.values.push_back(node_text(c));
    }
    if (out.values.empty()) out.flag = Flag::kDoesNotExist;
    return out;
  }
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) != "notes") return component(c);
  }
  return error_values("local variable without component");
}

VariableValues OvalEngine::component(const pugi::xml_node& node) {
  const std::string_view kind = local_name(node);
  VariableValues out;
  if (kind == "literal_component") {
    out.values.push_back(node_text(node));
    return out;
  }
  if (kind == "variable_component") return variable(node.attribute("var_ref").value());
  if (kind == "object_component") {
    const Collected& collected = object(node.attribute("object_ref").value());
    const std::string_view field = node.attribute("item_field").value();
    if (collected.flag == Flag::kError) return error_values(collected.message);
    if (collected.flag != Flag::kComplete && collected.flag != Flag::kIncomplete) {
      out.flag = collected.flag == Flag::kDoesNotExist ? Flag::kDoesNotExist : Flag::kError;
      return out;
    }
    for (const Item& item : collected.items) {
      bool found = false;
      for (const ItemField& f : item.fields) {
        if (f.name == field && f.exists) {
          out.values.push_back(f.value);
          found = true;
        }
      }
      if (!found) return error_values(fmt::format("item lacks field '{}'", field));
    }
    if (out.values.empty()) out.flag = Flag::kDoesNotExist;
    return out;
  }

  // Functions: evaluate the sub-components first.
  std::vector<VariableValues> parts;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) parts.push_back(component(c));
  }
  for (const VariableValues& part : parts) {
    if (part.flag == Flag::kError) return part;
  }
  if (kind == "count") {
    std::size_t total = 0;
    Flag flag = Flag::kComplete;
    for (const VariableValues& part : parts) {
      total += part.values.size();
      if (part.flag == Flag::kDoesNotExist) flag = Flag::kDoesNotExist;
    }
    // oscap: a component that does not exist makes the count "does not exist" (its flags
    // aggregate before counting), as does a count of nothing (exp 14).
    out.flag = flag == Flag::kDoesNotExist ? flag : Flag::kComplete;
    out.values.push_back(std::to_string(total));
    return out;
  }
  for (const VariableValues& part : parts) {
    if (part.flag != Flag::kComplete || part.values.empty()) {
      out.flag = Flag::kDoesNotExist;
      return out;
    }
  }
  if (kind == "unique") {
    // In byte order, as oscap's string map gives them (the specification sets no order).
    for (const VariableValues& part : parts) {
      out.values.insert(out.values.end(), part.values.begin(), part.values.end());
    }
    std::sort(out.values.begin(), out.values.end());
    out.values.erase(std::unique(out.values.begin(), out.values.end()), out.values.end());
  } else if (kind == "concat") {
    for (const auto& combination : combinations(parts, true)) {
      std::string joined;
      for (const std::string& piece : combination) joined += piece;
      out.values.push_back(std::move(joined));
    }
  } else if (kind == "arithmetic") {
    const bool multiply =
        std::string_view(node.attribute("arithmetic_operation").value()) == "multiply";
    for (const auto& combination : combinations(parts, true)) {
      std::intmax_t result = multiply ? 1 : 0;
      for (const std::string& piece : combination) {
        std::intmax_t value = 0;
        const std::string_view text = trim(piece);
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || ptr != text.data() + text.size()) {
          return error_values(fmt::format("arithmetic on non-integer '{}'", piece));
        }
        result = multiply ? result * value : result + value;
      }
      out.values.push_back(std::to_string(result));
    }
  } else if (kind == "substring") {
    const long start =
        std::max(1L, std::strtol(node.attribute("substring_start").value(), nullptr, 10));
    const long length = std::strtol(node.attribute("substring_length").value(), nullptr, 10);
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        const auto begin = static_cast<std::size_t>(start - 1);
        if (begin >= value.size()) {
          // OVAL 5.11: "a substring_start greater than the length of the string is an error".
          return error_values(fmt::format("substring_start {} beyond '{}'", start, value));
        }
        out.values.push_back(length < 0 ? value.substr(begin)
                                        : value.substr(begin, static_cast<std::size_t>(length)));
      }
    }
  } else if (kind == "regex_capture") {
    auto regex = Regex::cached(node.attribute("pattern").value());
    if (!regex) return error_values(regex.error().message);
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        auto match = (*regex)->search(value);
        if (!match) return error_values(match.error().message);
        // No match, or no first group: an empty string (oscap; OVAL 5.11 leaves it open).
        if (*match && !(*match)->groups.empty() && (*match)->groups[0]) {
          out.values.emplace_back(*(*match)->groups[0]);
        } else {
          out.values.emplace_back();
        }
      }
    }
  } else if (kind == "split") {
    const std::string delimiter = node.attribute("delimiter").value();
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        if (delimiter.empty()) {
          // An empty delimiter splits at every character (oscap).
          for (char c : value) out.values.emplace_back(1, c);
          continue;
        }
        std::size_t pos = 0;
        while (true) {
          const std::size_t next = value.find(delimiter, pos);
          out.values.push_back(value.substr(pos, next - pos));
          if (next == std::string::npos) break;
          pos = next + delimiter.size();
        }
      }
    }
  } else if (kind == "begin" || kind == "end") {
    const std::string character = node.attribute("character").value();
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        if (kind == "begin") {
          out.values.push_back(value.starts_with(character) ? value : character + value);
        } else {
          out.values.push_back(value.ends_with(character) ? value : value + character);
        }
      }
    }
  } else if (kind == "escape_regex") {
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) out.values.push_back(escape_regex(value));
    }
  } else if (kind == "glob_to_regex") {
    const std::string_view noescape = node.attribute("glob_noescape").value();
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        auto regex = glob_to_regex(value, noescape == "true" || noescape == "1");
        if (!regex) return error_values(fmt::format("glob_to_regex: malformed glob '{}'", value));
        out.values.push_back(std::move(*regex));
      }
    }
  } else if (kind == "time_difference") {
    // OVAL 5.11 TimeDifferenceFunctionType: the second component's values subtracted from the
    // first's (Cartesian product), in seconds; with one component, from the current time.
    if (parts.empty() || parts.size() > 2) {
      return error_values("time_difference takes one or two components");
    }
    std::vector<VariableValues> operands = parts;
    std::string_view format_1 = node.attribute("format_1").value();
    const std::string_view format_2 = node.attribute("format_2").value();
    if (operands.size() == 1) {
      operands.insert(
          operands.begin(),
          VariableValues{Flag::kComplete,
                         Datatype::kInt,
                         {std::to_string(static_cast<std::int64_t>(std::time(nullptr)))},
                         ""});
      format_1 = "seconds_since_epoch";
    }
    for (const auto& pair : combinations(operands, false)) {
      const auto first = parse_date_time(format_1, pair[0]);
      const auto second = parse_date_time(format_2, pair[1]);
      if (!first || !second) {
        return error_values(fmt::format("time_difference: '{}' is not a {} date-time",
                                        first ? pair[1] : pair[0],
                                        first ? (format_2.empty() ? "year_month_day" : format_2)
                                              : (format_1.empty() ? "year_month_day" : format_1)));
      }
      out.values.push_back(std::to_string(*first - *second));
    }
  } else {
    return error_values(fmt::format("unsupported variable function '{}'", kind));
  }
  if (out.values.empty()) out.flag = Flag::kDoesNotExist;
  return out;
}

}  // namespace patchplan::harden
