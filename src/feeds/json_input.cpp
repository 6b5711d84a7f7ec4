// The buffered input range under the streaming JSON loaders, and its limits.
#include "feeds/json_input.hpp"

namespace patchplan::feeds::detail {
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 16;

}  // namespace

JsonInput::JsonInput(ByteSource& source, const JsonLimits& limits)
    : source_(&source), limits_(limits), buffer_(kChunk, '\0') {
  fill();
}

void JsonInput::advance() {
  if (buffer_[pos_] == '\n') {
    ++line_;
    line_start_ = consumed_ + 1;
  }
  ++pos_;
  ++consumed_;
  if (++since_event_ > limits_.max_token_bytes) {
    stop(make_error(ErrorCode::kInvalidInput,
                    "'{}': {}: a single JSON value is longer than {} bytes", name(), where(),
                    limits_.max_token_bytes));
    return;
  }
  if (pos_ == size_) fill();
}

void JsonInput::fill() {
  pos_ = 0;
  size_ = 0;
  if (error_) return;
  if (consumed_ >= limits_.max_total_bytes) {
    stop(make_error(ErrorCode::kInvalidInput, "'{}': the JSON document is larger than {} bytes",
                    name(), limits_.max_total_bytes));
    return;
  }
  auto n = source_->read(buffer_.data(), buffer_.size());
  if (!n) {
    stop(n.error());
    return;
  }
  size_ = *n;
}

void JsonInput::stop(Error error) {
  error_ = std::move(error);
  pos_ = 0;
  size_ = 0;
}

std::string JsonInput::where() const {
  return fmt::format("line {}, column {}", line_, consumed_ - line_start_ + 1);
}

Error JsonInput::syntax_error(const std::string& what) const {
  // nlohmann's text is "[json.exception.parse_error.101] parse error at line L, column C:
  // syntax error while parsing ..."; the position is ours, the reason is kept.
  std::string_view reason = what;
  if (auto at = reason.find("syntax error"); at != std::string_view::npos) {
    reason.remove_prefix(at);
  }
  return make_error(ErrorCode::kInvalidInput, "'{}': {}: invalid JSON: {}", name(), where(),
                    reason);
}

std::string_view json_type_name(JsonType type) {
  switch (type) {
    case JsonType::kNull:
      return "null";
    case JsonType::kBoolean:
      return "a boolean";
    case JsonType::kNumber:
      return "a number";
    case JsonType::kString:
      return "a string";
    case JsonType::kObject:
      return "an object";
    case JsonType::kArray:
      return "an array";
  }
  return "a value";
}

}  // namespace patchplan::feeds::detail
