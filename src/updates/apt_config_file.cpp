// apt.conf syntax, ported from ReadConfigFile/ReadConfigDir and pkgInitConfig (apt 2.6,
// apt-pkg/contrib/configuration.cc and apt-pkg/init.cc), with apt's quirks kept: tabs
// become 8 spaces, quotes are tracked per line, an unclosed block at the end is accepted.
#include "updates/apt_config_file.hpp"

#include <algorithm>
#include <array>

#include "updates/apt_words.hpp"
#include "updates/parts_dir.hpp"

namespace patchplan::updates {
namespace {

using detail::is_space;

constexpr unsigned kMaxIncludeDepth = 10;
constexpr std::size_t kMaxConfigFile = 16u << 20;

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool odd_quotes_before(std::string_view line, std::size_t pos) {
  return std::count(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(pos), '"') % 2 != 0;
}

// Removes //, # and /* */ comments from one line; `in_comment` carries an open /* over.
std::string strip_comments(std::string_view line, bool& in_comment) {
  if (in_comment) {
    std::size_t end = line.find("*/");
    if (end == std::string_view::npos) return {};
    line.remove_prefix(end + 2);
    in_comment = false;
  }
  for (std::size_t start = 0; (start = line.find("//", start)) != std::string_view::npos;) {
    if (!odd_quotes_before(line, start)) {
      line = line.substr(0, start);
      break;
    }
    ++start;
  }
  static constexpr std::array<std::string_view, 3> kMagic = {"clear", "include",
                                                             "x-apt-configure-index"};
  for (std::size_t start = 0; (start = line.find('#', start)) != std::string_view::npos;) {
    bool magic = std::any_of(kMagic.begin(), kMagic.end(), [&](std::string_view m) {
      return line.substr(start + 1, m.size()) == m;
    });
    if (!odd_quotes_before(line, start) && !magic) {
      line = line.substr(0, start);
      break;
    }
    ++start;
  }
  std::string fragment;
  for (std::size_t start = 0; (start = line.find("/*", start)) != std::string_view::npos;) {
    if (odd_quotes_before(line, start)) {
      start += 2;
      continue;
    }
    fragment.append(line.substr(0, start));
    std::size_t end = line.find("*/", start + 2);
    if (end == std::string_view::npos) {
      line = {};
      in_comment = true;
      break;
    }
    line.remove_prefix(end + 2);
    start = 0;
  }
  fragment.append(line);
  return fragment;
}

class ConfigParser {
 public:
  ConfigParser(std::string_view file, AptConfig& config, const AptConfigInclude& include,
               unsigned depth)
      : file_(file), config_(config), include_(include), depth_(depth) {}

  Status parse(std::string_view text) {
    bool in_comment = false;
    std::size_t line_number = 0;
    for (std::size_t pos = 0; pos < text.size();) {
      std::size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      std::string raw(text.substr(pos, eol - pos));
      pos = eol + 1;
      ++line_number;
      line_ = line_number;

      std::string expanded;
      for (char c : raw) {
        if (c == '\t') {
          expanded.append(8, ' ');
        } else {
          expanded.push_back(c);
        }
      }
      std::string fragment = strip_comments(trim_spaces(expanded), in_comment);
      if (fragment.empty()) continue;
      if (auto status = parse_fragment(fragment); !status) return status;
    }
    // apt reads one more (empty) line after a final newline before it sees the end.
    if (text.ends_with('\n')) ++line_;
    if (!buffer_.empty()) return syntax_error("extra junk at end of file");
    return ok();
  }

 private:
  Error syntax_error(std::string_view what) const {
    return make_error(ErrorCode::kInvalidInput, "{}:{}: syntax error: {}", file_, line_, what);
  }

  void leave_scope() {
    if (stack_.empty()) {
      parent_.clear();
    } else {
      parent_ = std::move(stack_.back());
      stack_.pop_back();
    }
  }

  Status parse_fragment(std::string_view fragment) {
    bool in_quote = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < fragment.size(); ++i) {
      char c = fragment[i];
      if (c == '"') in_quote = !in_quote;
      if (in_quote || (c != '{' && c != ';' && c != '}')) continue;
      std::string_view piece = trim_spaces(fragment.substr(start, i - start));
      if (!buffer_.empty() && !piece.empty()) buffer_ += ' ';
      buffer_ += piece;
      start = i + 1;
      if (auto status = finish_statement(c); !status) return status;
    }
    std::string_view rest = trim_spaces(fragment.substr(start));
    if (!rest.empty() && !buffer_.empty()) buffer_ += ' ';
    buffer_ += rest;
    return ok();
  }

  // Handles the statement in buffer_ ended by `term` ('{', ';' or '}').
  Status finish_statement(char term) {
    if (term == '{' && buffer_.empty()) return syntax_error("block starts with no name");
    if (buffer_.empty()) {
      if (term == '}') leave_scope();
      return ok();
    }
    std::string_view rest = buffer_;
    auto tag = detail::parse_quote_word(rest);
    if (!tag) return syntax_error("malformed tag");
    bool no_word = false;
    std::string word;
    if (auto c_word = detail::parse_c_word(rest)) {
      word = std::move(*c_word);
    } else if (auto q_word = detail::parse_quote_word(rest)) {
      word = std::move(*q_word);
    } else if (term != '{') {
      word = std::move(*tag);
      tag->clear();
    } else {
      no_word = true;
    }
    if (!rest.empty()) return syntax_error("extra junk after value");

    if (term == '{') {
      stack_.push_back(parent_);
      parent_ = parent_.empty() ? *tag : parent_ + "::" + *tag;
      tag->clear();
    }
    std::string item;
    if (parent_.empty()) {
      item = *tag;
    } else {
      item = (term != '{' || !tag->empty()) ? parent_ + "::" + *tag : parent_;
    }

    if (!tag->empty() && tag->front() == '#') {
      if (auto status = directive(tag->substr(1), word); !status) return status;
    } else if (tag->empty() && !no_word && word == "#clear") {
      return syntax_error("clear directive requires an option tree as argument");
    } else if (!no_word) {
      config_.set(item, std::move(word));
    }
    buffer_.clear();
    if (term == '}') leave_scope();
    return ok();
  }

  Status directive(std::string_view name, const std::string& argument) {
    if (!parent_.empty()) return syntax_error("directives can only be done at the top level");
    if (name == "clear") {
      config_.clear(argument);
      return ok();
    }
    if (name == "include") {
      if (depth_ > kMaxIncludeDepth) return syntax_error("too many nested includes");
      auto status = include_(argument, depth_ + 1);
      if (!status) {
        return make_error(status.error().code, "{}:{}: included from here: {}", file_, line_,
                          status.error().message);
      }
      return ok();
    }
    if (name == "x-apt-configure-index") return ok();  // apt-dev checking aid; no effect
    return syntax_error(fmt::format("unsupported directive '{}'", name));
  }

  std::string_view file_;
  AptConfig& config_;
  const AptConfigInclude& include_;
  unsigned depth_;
  std::size_t line_ = 0;
  std::string buffer_;  // apt's LineBuffer: the statement read so far
  std::string parent_;  // apt's ParentTag
  std::vector<std::string> stack_;
};

class RootConfigReader {
 public:
  RootConfigReader(const RootFs& root, AptConfig& config, std::vector<std::string>& notices)
      : root_(root), config_(config), notices_(notices) {}

  Status read_file(std::string_view path, unsigned depth) {
    auto text = root_.read_file(path, kMaxConfigFile);
    if (!text) return text.error().context("cannot read apt configuration");
    std::string name = root_.display_path(path);
    AptConfigInclude include = [this](std::string_view included, unsigned next_depth) {
      if (included.size() > 2 && included.back() == '/') return read_dir(included, next_depth);
      return read_file(included, next_depth);
    };
    return parse_apt_config(*text, name, config_, include, depth);
  }

  Status read_dir(std::string_view dir, unsigned depth) {
    auto files = list_part_files(root_, dir, {"conf"}, true);
    if (!files) return files.error().context("cannot list apt configuration parts");
    notices_.insert(notices_.end(), files->notices.begin(), files->notices.end());
    for (const std::string& path : files->paths) {
      if (auto status = read_file(path, depth); !status) return status;
    }
    return ok();
  }

 private:
  const RootFs& root_;
  AptConfig& config_;
  std::vector<std::string>& notices_;
};

}  // namespace

Status parse_apt_config(std::string_view text, std::string_view file, AptConfig& config,
                        const AptConfigInclude& include, unsigned depth) {
  return ConfigParser(file, config, include, depth).parse(text);
}

Expected<AptConfig> read_apt_config(const RootFs& root, std::vector<std::string>& notices) {
  AptConfig config = AptConfig::with_defaults();
  RootConfigReader reader(root, config, notices);

  std::string parts = config.find_dir("Dir::Etc::parts", "/dev/null");
  if (!parts.ends_with("/dev/null") && root.list_dir(parts)) {
    if (auto status = reader.read_dir(parts, 0); !status) return status.error();
  }
  std::string main = config.find_file("Dir::Etc::main", "/dev/null");
  if (!main.ends_with("/dev/null") && is_regular_file(root, main)) {
    if (auto status = reader.read_file(main, 0); !status) return status.error();
  }
  return config;
}

}  // namespace patchplan::updates
