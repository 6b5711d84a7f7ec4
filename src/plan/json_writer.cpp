// JsonWriter: nlohmann::json's dump() layout, value by value.
#include "plan/json_writer.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace patchplan::plan {

void JsonWriter::newline_and_indent(std::size_t depth) {
  out_->push_back('\n');
  out_->append(depth * static_cast<std::size_t>(indent_), ' ');
}

// A value in an array is preceded by a comma after the first; in indented output every
// element starts a new line. After a key the value follows directly.
void JsonWriter::before_value() {
  if (flush_ && out_->size() >= (std::size_t{1} << 20)) flush();
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;
  if (!empty_.back()) out_->push_back(',');
  empty_.back() = false;
  if (indent_ >= 0) newline_and_indent(empty_.size());
}

void JsonWriter::flush() {
  if (!flush_ || out_->empty()) return;
  flush_(*out_);
  out_->clear();
}

void JsonWriter::key(std::string_view name) {
  before_value();
  append_escaped(name);
  out_->append(indent_ >= 0 ? ": " : ":");
  after_key_ = true;
}

void JsonWriter::open(char bracket) {
  before_value();
  out_->push_back(bracket);
  empty_.push_back(true);
}

// dump() writes an empty container as "[]" or "{}" on one line, indented or not.
void JsonWriter::close(char bracket) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty && indent_ >= 0) newline_and_indent(empty_.size());
  out_->push_back(bracket);
}

void JsonWriter::begin_object() { open('{'); }
void JsonWriter::end_object() { close('}'); }
void JsonWriter::begin_array() { open('['); }
void JsonWriter::end_array() { close(']'); }

void JsonWriter::string(std::string_view text) {
  before_value();
  append_escaped(text);
}

void JsonWriter::number(std::int64_t value) {
  before_value();
  fmt::format_to(std::back_inserter(*out_), "{}", value);
}

void JsonWriter::boolean(bool value) {
  before_value();
  out_->append(value ? "true" : "false");
}

void JsonWriter::null() {
  before_value();
  out_->append("null");
}

// Printable ASCII other than '"' and '\\' is copied; anything else (control characters,
// UTF-8, invalid bytes) goes through nlohmann's own serializer, so escaping and the
// replacement of invalid UTF-8 are the library's, not a second implementation.
void JsonWriter::append_escaped(std::string_view text) {
  bool plain = true;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out_->push_back('"');
    out_->append(text);
    out_->push_back('"');
    return;
  }
  out_->append(nlohmann::json(std::string(text))
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace patchplan::plan
