// Line-by-line reading of the EPSS CSV, with its comment line and header checked.
#include "feeds/epss_csv.hpp"

#include <charconv>
#include <cmath>

#include "feeds/feed_time.hpp"
#include "feeds/kev_json.hpp"

namespace patchplan::feeds {
namespace {

constexpr std::size_t kMaxLine = 4096;

// Splits a stream into lines ("\n" or "\r\n"), each at most kMaxLine bytes.
class LineReader {
 public:
  explicit LineReader(ByteSource& source) : source_(&source), buffer_(1 << 16, '\0') {}

  // The next line, or nullopt at the end of the stream.
  Expected<std::optional<std::string_view>> next() {
    ++number_;
    line_.clear();
    while (true) {
      if (pos_ == size_) {
        auto n = source_->read(buffer_.data(), buffer_.size());
        if (!n) return n.error();
        if (*n == 0) {
          if (line_.empty()) return std::optional<std::string_view>();
          return finish();
        }
        pos_ = 0;
        size_ = *n;
      }
      const char* start = buffer_.data() + pos_;
      const auto* newline = static_cast<const char*>(std::memchr(start, '\n', size_ - pos_));
      const std::size_t take =
          newline != nullptr ? static_cast<std::size_t>(newline - start) : size_ - pos_;
      if (line_.size() + take > kMaxLine) {
        return make_error(ErrorCode::kInvalidInput, "'{}':{}: line longer than {} bytes",
                          source_->name(), number_, kMaxLine);
      }
      line_.append(start, take);
      pos_ += take;
      if (newline != nullptr) {
        ++pos_;
        return finish();
      }
    }
  }

  [[nodiscard]] std::uint64_t number() const { return number_; }

 private:
  std::optional<std::string_view> finish() {
    std::string_view line = line_;
    if (line.ends_with('\r')) line.remove_suffix(1);
    return line;
  }

  ByteSource* source_;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::size_t size_ = 0;
  std::string line_;
  std::uint64_t number_ = 0;
};

Error bad_line(const ByteSource& source, std::uint64_t line, std::string_view what) {
  return make_error(ErrorCode::kInvalidInput, "'{}':{}: {}", source.name(), line, what);
}

// "#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z".
Status read_comment(std::string_view line, EpssHeader& header, const ByteSource& source) {
  line.remove_prefix(1);
  while (!line.empty()) {
    const std::size_t comma = std::min(line.find(','), line.size());
    const std::string_view item = line.substr(0, comma);
    line.remove_prefix(std::min(comma + 1, line.size()));
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = item.substr(0, colon);
    const std::string_view value = item.substr(colon + 1);
    if (key == "model_version") header.model_version = value;
    if (key == "score_date") {
      auto time = parse_feed_time(value);
      if (!time) return bad_line(source, 1, fmt::format("score_date: {}", time.error().message));
      header.score_date = *time;
    }
  }
  return ok();
}

// A probability or percentile: a decimal number in [0, 1].
bool read_unit(std::string_view text, double& value) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value) &&
         value >= 0.0 && value <= 1.0;
}

Status read_row(std::string_view line, EpssScore& score, const ByteSource& source,
                std::uint64_t number) {
  const std::size_t first = line.find(',');
  const std::size_t second = first == std::string_view::npos ? first : line.find(',', first + 1);
  if (second == std::string_view::npos || line.find(',', second + 1) != std::string_view::npos) {
    return bad_line(source, number, "expected three fields: cve,epss,percentile");
  }
  const std::string_view cve = line.substr(0, first);
  if (!is_cve_id(cve)) return bad_line(source, number, fmt::format("'{}' is not a CVE id", cve));
  score.cve = cve;
  if (!read_unit(line.substr(first + 1, second - first - 1), score.probability)) {
    return bad_line(source, number, "epss is not a number between 0 and 1");
  }
  if (!read_unit(line.substr(second + 1), score.percentile)) {
    return bad_line(source, number, "percentile is not a number between 0 and 1");
  }
  return ok();
}

}  // namespace

Expected<EpssHeader> read_epss_csv(ByteSource& source, const EpssSink& sink) {
  LineReader lines(source);
  EpssHeader header;
  auto line = lines.next();
  if (!line) return line.error();
  if (*line && (*line)->starts_with('#')) {
    if (auto status = read_comment(**line, header, source); !status) return status.error();
    line = lines.next();
    if (!line) return line.error();
  }
  if (!*line || **line != "cve,epss,percentile") {
    return bad_line(source, lines.number(), "expected the header 'cve,epss,percentile'");
  }
  EpssScore score;
  while (true) {
    line = lines.next();
    if (!line) return line.error();
    if (!*line) return header;
    if ((*line)->empty()) continue;
    if (auto status = read_row(**line, score, source, lines.number()); !status) {
      return status.error();
    }
    if (auto status = sink(score, lines.number()); !status) return status.error();
  }
}

}  // namespace patchplan::feeds
