// Reading of Debian control-file syntax (deb822: dpkg status, Packages indexes,
// Release files, .sources files): paragraphs of "Name: value" fields, streamed.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/byte_source.hpp"
#include "common/expected.hpp"

namespace patchplan {

// One paragraph; `text` stays valid until the reader's next call to next().
struct Paragraph {
  std::string_view text;   // the raw lines, without the separating empty line
  std::size_t first_line;  // 1-based line number of text's first line in the file
};

// One field of a paragraph. `value` is the text after "Name:", without the leading
// blanks of its first line; continuation lines follow it, joined by '\n'.
struct Field {
  std::string_view name;
  std::string_view value;
  std::size_t line;  // 1-based line of the field name
};

struct ParagraphReaderOptions {
  bool allow_comments = false;  // '#' lines are comments (apt .sources files)
  std::size_t max_paragraph_bytes = 16u << 20;
};

// Streams paragraphs from a ByteSource. Separators are lines empty or of blanks only.
// A paragraph larger than max_paragraph_bytes is skipped and reported by
// take_skipped() so that the rest of the file can still be read.
class ParagraphReader {
 public:
  explicit ParagraphReader(std::unique_ptr<ByteSource> source, ParagraphReaderOptions options = {});

  // The next paragraph, std::nullopt at the end of the stream, or a read error.
  Expected<std::optional<Paragraph>> next();

  // Messages about paragraphs skipped since the last call (oversized ones).
  std::vector<std::string> take_skipped();

  [[nodiscard]] const std::string& name() const { return source_->name(); }

 private:
  Expected<bool> fill();  // reads more input; false at end of stream
  bool skip_blank_lines();
  Expected<std::optional<std::size_t>> find_paragraph_end();
  Status skip_oversized(std::size_t start_line);
  void report_skipped(std::size_t start_line);

  std::unique_ptr<ByteSource> source_;
  ParagraphReaderOptions options_;
  std::string buffer_;
  std::size_t chunk_ = 64u << 10;  // the next read's size, doubling up to 1 MiB
  std::size_t begin_ = 0;          // start of unconsumed data in buffer_
  std::size_t line_ = 1;           // line number at begin_
  bool eof_ = false;
  std::vector<std::string> skipped_;
};

// Calls `visit` for each field of `paragraph`. Fails, naming `file` and the line, on a
// line that is neither "Name: value" nor a continuation. `visit` returns false to stop.
// With `allow_comments`, '#' lines are dropped, also from between a field's lines; the
// Field passed to `visit` is then valid only during that call.
Status for_each_field(const Paragraph& paragraph, std::string_view file,
                      const std::function<bool(const Field&)>& visit, bool allow_comments = false);

// The first field called `name` (case-insensitive, as dpkg and apt match), if any.
std::optional<Field> find_field(const Paragraph& paragraph, std::string_view name);

// Trims blanks (space, tab, CR, LF) on both ends.
std::string_view trim(std::string_view text);

}  // namespace patchplan
