// Streaming JSON input for the feed loaders: nlohmann's SAX parser fed from a ByteSource
// through an input iterator, with limits that keep hostile files from exhausting memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/byte_source.hpp"
#include "common/expected.hpp"

namespace patchplan::feeds::detail {

// Bounds on what one JSON document may hold.
struct JsonLimits {
  std::size_t max_depth = 32;                              // nested objects and arrays
  std::size_t max_token_bytes = std::size_t{1} << 20;      // bytes between two SAX events
  std::uint64_t max_total_bytes = std::uint64_t{4} << 30;  // the whole (decompressed) document
};

// The bytes of a ByteSource as an input range for nlohmann::json::sax_parse. A read error
// or a broken limit ends the range early and is kept in error(); the parser then reports
// an unexpected end, which JsonInput::parse replaces by that error.
class JsonInput {
 public:
  JsonInput(ByteSource& source, const JsonLimits& limits);

  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    Iterator() = default;
    explicit Iterator(JsonInput* input) : input_(input) {}
    const char& operator*() const { return input_->buffer_[input_->pos_]; }
    Iterator& operator++() {
      input_->advance();
      return *this;
    }
    void operator++(int) { input_->advance(); }
    bool operator==(const Iterator& other) const { return at_end() == other.at_end(); }

   private:
    [[nodiscard]] bool at_end() const { return input_ == nullptr || input_->at_end(); }
    JsonInput* input_ = nullptr;
  };

  // Runs `handler` (a nlohmann SAX handler) over the whole input. The handler reports its
  // own failures by returning false after recording them in what its error() returns.
  // Errors name the file and the line and column at (or just after) the fault.
  template <typename Handler>
  Status parse(Handler& handler) {
    const bool parsed = nlohmann::json::sax_parse(Iterator(this), Iterator(), &handler,
                                                  nlohmann::json::input_format_t::json, true);
    if (parsed) return ok();
    if (error_) return *error_;
    if (auto error = handler.error()) return *error;
    return make_error(ErrorCode::kInvalidInput, "'{}': invalid JSON", source_->name());
  }

  // Called by handlers at each SAX event: the token limit counts from here.
  void mark_event() { since_event_ = 0; }

  // Bytes consumed so far, and the line and column (1-based) of the next byte.
  [[nodiscard]] std::uint64_t offset() const { return consumed_; }
  [[nodiscard]] std::string where() const;
  [[nodiscard]] const std::string& name() const { return source_->name(); }

  // The message of a nlohmann parse error, as "'FILE': line L, column C: reason".
  [[nodiscard]] Error syntax_error(const std::string& what) const;

 private:
  [[nodiscard]] bool at_end() const { return pos_ >= size_; }
  void advance();
  void fill();
  void stop(Error error);

  ByteSource* source_;
  JsonLimits limits_;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::size_t size_ = 0;
  std::uint64_t consumed_ = 0;
  std::uint64_t line_ = 1;
  std::uint64_t line_start_ = 0;
  std::size_t since_event_ = 0;
  std::optional<Error> error_;
};

// The JSON type of an event, for "is a number, expected a string" messages.
enum class JsonType { kNull, kBoolean, kNumber, kString, kObject, kArray };
std::string_view json_type_name(JsonType type);

}  // namespace patchplan::feeds::detail
