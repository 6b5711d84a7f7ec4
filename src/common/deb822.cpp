// Streaming deb822 paragraph reader (Debian Policy 5.1 syntax, as dpkg and apt read it).
#include "common/deb822.hpp"

#include <algorithm>
#include <cstring>

namespace patchplan {
namespace {

// Reads grow from the first chunk to the largest: a small file (a status file of a few
// packages, a sources list) is read without zero-filling and faulting in a whole megabyte.
constexpr std::size_t kFirstChunk = 64u << 10;
constexpr std::size_t kChunk = 1u << 20;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

enum class LineKind { kBlank, kNotBlank, kUnknown };

// Classifies the line that starts at `pos`: blank (only blanks, then '\n' or the end of
// the file), not blank, or unknown because the buffer ends before the line shows which.
// For a blank line, `length` is its size including the '\n'.
LineKind classify_line(std::string_view data, std::size_t pos, bool at_eof, std::size_t& length) {
  std::size_t i = pos;
  while (i < data.size() && is_blank(data[i])) ++i;
  if (i < data.size()) {
    if (data[i] != '\n') return LineKind::kNotBlank;
    length = i - pos + 1;
    return LineKind::kBlank;
  }
  if (!at_eof) return LineKind::kUnknown;
  length = i - pos;
  return LineKind::kBlank;
}

}  // namespace

std::string_view trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

ParagraphReader::ParagraphReader(std::unique_ptr<ByteSource> source, ParagraphReaderOptions options)
    : source_(std::move(source)), options_(options) {}

Expected<bool> ParagraphReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  if (buffer_.capacity() < options_.max_paragraph_bytes) {
    // Reserved once and never outgrown (paragraphs past the limit are skipped before the
    // buffer holds more): no reallocation copies, and untouched pages cost no memory.
    buffer_.reserve(options_.max_paragraph_bytes + 2 * kChunk);
  }
  std::size_t old_size = buffer_.size();
  const std::size_t chunk = chunk_;
  chunk_ = std::min(kChunk, chunk_ * 2);
  buffer_.resize(old_size + chunk);
  auto n = source_->read(buffer_.data() + old_size, chunk);
  if (!n) {
    buffer_.resize(old_size);
    return n.error();
  }
  buffer_.resize(old_size + *n);
  if (*n == 0) eof_ = true;
  return *n != 0;
}

bool ParagraphReader::skip_blank_lines() {
  std::string_view data(buffer_);
  while (begin_ < data.size()) {
    std::size_t length = 0;
    if (options_.allow_comments && data[begin_] == '#') {
      std::size_t eol = data.find('\n', begin_);
      if (eol == std::string_view::npos) {
        if (!eof_) return false;
        begin_ = data.size();
        return true;
      }
      length = eol - begin_ + 1;
    } else {
      LineKind kind = classify_line(data, begin_, eof_, length);
      if (kind == LineKind::kNotBlank) return true;
      if (kind == LineKind::kUnknown) return false;
      if (length == 0) return true;  // the end of the file
    }
    begin_ += length;
    ++line_;
  }
  return eof_;
}

void ParagraphReader::report_skipped(std::size_t start_line) {
  skipped_.push_back(fmt::format("{}:{}: paragraph larger than {} bytes skipped", name(),
                                 start_line, options_.max_paragraph_bytes));
}

Status ParagraphReader::skip_oversized(std::size_t start_line) {
  // Discards input up to and including the next blank line, byte by byte, so that not
  // even one long line is kept in memory. begin_ is inside the paragraph's first line.
  bool line_blank_so_far = false;
  while (true) {
    std::string_view data(buffer_);
    for (std::size_t i = begin_; i < data.size(); ++i) {
      char c = data[i];
      if (c == '\n') {
        ++line_;
        if (line_blank_so_far) {
          begin_ = i + 1;
          report_skipped(start_line);
          return ok();
        }
        line_blank_so_far = true;
      } else if (!is_blank(c)) {
        line_blank_so_far = false;
      }
    }
    begin_ = buffer_.size();
    if (eof_) {
      report_skipped(start_line);
      return ok();
    }
    auto more = fill();
    if (!more) return more.error();
  }
}

// Finds where the paragraph starting at begin_ ends: at the start of the first blank line
// after it, or at the end of the file. Reads more input as needed; std::nullopt when the
// paragraph outgrows max_paragraph_bytes (the caller then skips it).
Expected<std::optional<std::size_t>> ParagraphReader::find_paragraph_end() {
  std::size_t offset = 0;  // of the current line start, relative to begin_
  bool first_line = true;
  while (true) {
    std::string_view data(buffer_);
    std::size_t pos = begin_ + offset;
    bool need_more = false;
    while (!need_more) {
      if (!first_line) {
        std::size_t length = 0;
        LineKind kind = classify_line(data, pos, eof_, length);
        if (kind == LineKind::kBlank) return std::optional<std::size_t>{pos};
        if (kind == LineKind::kUnknown) {
          need_more = true;
          break;
        }
      }
      std::size_t eol = data.find('\n', pos);
      if (eol == std::string_view::npos) {
        if (eof_) return std::optional<std::size_t>{data.size()};
        need_more = true;
        break;
      }
      pos = eol + 1;
      first_line = false;
    }
    offset = pos - begin_;
    if (buffer_.size() - begin_ > options_.max_paragraph_bytes) {
      return std::optional<std::size_t>{};
    }
    auto more = fill();
    if (!more) return more.error();
  }
}

Expected<std::optional<Paragraph>> ParagraphReader::next() {
  while (true) {
    // Skip separators and comments; read more while the buffer ends inside them.
    while (!skip_blank_lines()) {
      if (buffer_.size() - begin_ > options_.max_paragraph_bytes) break;
      auto more = fill();
      if (!more) return more.error();
    }
    if (begin_ >= buffer_.size()) {
      auto more = fill();
      if (!more) return more.error();
      if (!*more) return std::optional<Paragraph>{};
      continue;
    }

    std::size_t start_line = line_;
    auto end = find_paragraph_end();
    if (!end) return end.error();
    if (!*end || **end - begin_ > options_.max_paragraph_bytes) {
      if (auto skipped = skip_oversized(start_line); !skipped) return skipped.error();
      continue;
    }
    std::string_view text = std::string_view(buffer_).substr(begin_, **end - begin_);
    line_ += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    begin_ = **end;
    return std::optional<Paragraph>{Paragraph{text, start_line}};
  }
}

std::vector<std::string> ParagraphReader::take_skipped() { return std::exchange(skipped_, {}); }

namespace {

// The value without its comment lines: apt drops '#' lines wherever they stand in a
// paragraph of a .sources or preferences file, also between a field's lines.
std::string without_comment_lines(std::string_view value) {
  std::string kept;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t eol = std::min(value.find('\n', pos), value.size());
    std::string_view line = value.substr(pos, eol - pos);
    if (pos == 0 || !line.starts_with('#')) {
      if (!kept.empty()) kept.push_back('\n');
      kept.append(line);
    }
    pos = eol + 1;
  }
  return kept;
}

}  // namespace

Status for_each_field(const Paragraph& paragraph, std::string_view file,
                      const std::function<bool(const Field&)>& visit, bool allow_comments) {
  std::string_view text = paragraph.text;
  std::size_t pos = 0;
  std::size_t line = paragraph.first_line;
  std::optional<Field> current;
  std::size_t value_start = 0;
  bool value_has_comment = false;
  std::string uncommented;  // backs current->value when comment lines were dropped

  auto flush = [&](std::size_t value_end) {
    if (!current) return true;
    std::string_view raw = text.substr(value_start, value_end - value_start);
    if (value_has_comment) {
      uncommented = without_comment_lines(raw);
      raw = uncommented;
    }
    current->value = trim(raw);
    bool go_on = visit(*current);
    current.reset();
    value_has_comment = false;
    return go_on;
  };

  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::size_t line_end = eol == std::string_view::npos ? text.size() : eol;
    std::string_view line_text = text.substr(pos, line_end - pos);
    if (allow_comments && !line_text.empty() && line_text.front() == '#') {
      value_has_comment = current.has_value();
    } else if (!line_text.empty() && (line_text.front() == ' ' || line_text.front() == '\t')) {
      if (!current) {
        return make_error(ErrorCode::kInvalidInput, "{}:{}: continuation line without a field",
                          file, line);
      }
    } else {
      std::size_t colon = line_text.find(':');
      if (colon == 0 || colon == std::string_view::npos) {
        return make_error(ErrorCode::kInvalidInput, "{}:{}: expected 'Field: value', got '{:.40}'",
                          file, line, line_text);
      }
      if (!flush(pos > 0 ? pos - 1 : 0)) return ok();
      current = Field{line_text.substr(0, colon), {}, line};
      value_start = pos + colon + 1;
    }
    pos = line_end + 1;
    ++line;
  }
  flush(text.size());
  return ok();
}

std::optional<Field> find_field(const Paragraph& paragraph, std::string_view name) {
  std::optional<Field> found;
  // A malformed paragraph simply yields no match here; callers that need to report
  // malformed input use for_each_field.
  (void)for_each_field(paragraph, "", [&](const Field& field) {
    if (!equals_ignore_case(field.name, name)) return true;
    found = field;
    return false;
  });
  return found;
}

}  // namespace patchplan
