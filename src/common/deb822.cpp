// Streaming deb822 paragraph reader (Debian Policy 5.1 syntax, as dpkg and apt read it).
#include "common/deb822.hpp"

#include <algorithm>
#include <cstring>

namespace patchplan {
namespace {

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

// Length of the separator line starting at `pos` (including its '\n'), or 0 if the
// line there is not blank. A blank last line without '\n' counts when `at_eof`.
std::size_t blank_line_length(std::string_view data, std::size_t pos, bool at_eof) {
  std::size_t i = pos;
  while (i < data.size() && is_blank(data[i])) ++i;
  if (i < data.size() && data[i] == '\n') return i - pos + 1;
  if (i == data.size() && at_eof && i > pos) return i - pos;
  return 0;
}

}  // namespace

std::string_view trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

ParagraphReader::ParagraphReader(std::unique_ptr<ByteSource> source,
                                 ParagraphReaderOptions options)
    : source_(std::move(source)), options_(options) {}

Expected<bool> ParagraphReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  std::size_t old_size = buffer_.size();
  buffer_.resize(old_size + kChunk);
  auto n = source_->read(buffer_.data() + old_size, kChunk);
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
    bool comment = options_.allow_comments && data[begin_] == '#';
    std::size_t length = comment ? 0 : blank_line_length(data, begin_, eof_);
    if (comment) {
      std::size_t eol = data.find('\n', begin_);
      if (eol == std::string_view::npos) return eof_ ? (begin_ = data.size(), true) : false;
      length = eol - begin_ + 1;
    }
    if (length == 0) {
      // Not blank, or blank but unterminated with more input to come.
      std::size_t eol = data.find('\n', begin_);
      bool only_blanks = std::all_of(data.begin() + static_cast<std::ptrdiff_t>(begin_),
                                     data.end(), is_blank);
      return !(eol == std::string_view::npos && only_blanks && !eof_);
    }
    begin_ += length;
    ++line_;
  }
  return eof_;
}

Status ParagraphReader::skip_oversized(std::size_t start_line) {
  // Discard input up to the next separator line, counting lines as we go.
  while (true) {
    std::string_view data(buffer_);
    std::size_t pos = begin_;
    while (true) {
      std::size_t eol = data.find('\n', pos);
      if (eol == std::string_view::npos) break;
      ++line_;
      pos = eol + 1;
      if (blank_line_length(data, pos, eof_) > 0) {
        begin_ = pos;
        skipped_.push_back(fmt::format("{}:{}: paragraph larger than {} bytes skipped", name(),
                                       start_line, options_.max_paragraph_bytes));
        return ok();
      }
    }
    begin_ = pos;
    auto more = fill();
    if (!more) return more.error();
    if (!*more) {
      begin_ = buffer_.size();
      skipped_.push_back(fmt::format("{}:{}: paragraph larger than {} bytes skipped", name(),
                                     start_line, options_.max_paragraph_bytes));
      return ok();
    }
  }
}

Expected<std::optional<Paragraph>> ParagraphReader::next() {
  while (true) {
    // Skip separators and comments; read more if the blank run reaches the buffer end.
    while (!skip_blank_lines()) {
      auto more = fill();
      if (!more) return more.error();
    }
    if (begin_ >= buffer_.size()) {
      auto more = fill();
      if (!more) return more.error();
      if (!*more) return std::optional<Paragraph>{};
      continue;
    }

    // Find the end of the paragraph: a line break followed by a blank line, or EOF.
    std::size_t scan = begin_;
    while (true) {
      std::string_view data(buffer_);
      std::size_t end = std::string_view::npos;
      for (std::size_t eol = data.find('\n', scan); eol != std::string_view::npos;
           eol = data.find('\n', eol + 1)) {
        if (blank_line_length(data, eol + 1, eof_) > 0) {
          end = eol + 1;
          break;
        }
        scan = eol + 1;
      }
      if (end == std::string_view::npos && eof_) end = data.size();
      if (end != std::string_view::npos && end - begin_ > options_.max_paragraph_bytes) {
        skipped_.push_back(fmt::format("{}:{}: paragraph larger than {} bytes skipped", name(),
                                       line_, options_.max_paragraph_bytes));
        std::string_view text = data.substr(begin_, end - begin_);
        line_ += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        begin_ = end;
        break;  // look for the next paragraph
      }
      if (end != std::string_view::npos) {
        std::string_view text = data.substr(begin_, end - begin_);
        Paragraph paragraph{text, line_};
        line_ += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        begin_ = end;
        return std::optional<Paragraph>{paragraph};
      }
      if (buffer_.size() - begin_ > options_.max_paragraph_bytes) {
        std::size_t start_line = line_;
        if (auto skipped = skip_oversized(start_line); !skipped) return skipped.error();
        break;  // look for the next paragraph
      }
      std::size_t offset = scan - begin_;
      auto more = fill();
      if (!more) return more.error();
      scan = begin_ + offset;
    }
  }
}

std::vector<std::string> ParagraphReader::take_skipped() { return std::exchange(skipped_, {}); }

Status for_each_field(const Paragraph& paragraph, std::string_view file,
                      const std::function<bool(const Field&)>& visit, bool allow_comments) {
  std::string_view text = paragraph.text;
  std::size_t pos = 0;
  std::size_t line = paragraph.first_line;
  std::optional<Field> current;
  std::size_t value_start = 0;

  auto flush = [&](std::size_t value_end) {
    if (!current) return true;
    current->value = trim(text.substr(value_start, value_end - value_start));
    bool go_on = visit(*current);
    current.reset();
    return go_on;
  };

  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::size_t line_end = eol == std::string_view::npos ? text.size() : eol;
    std::string_view line_text = text.substr(pos, line_end - pos);
    if (allow_comments && !line_text.empty() && line_text.front() == '#') {
      // A comment line inside a paragraph: ignored, as apt does in .sources files.
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
