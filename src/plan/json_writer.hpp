// A streaming JSON writer that lays out text exactly as nlohmann::json's dump() does
// (compact, or indented), so documents can be written without building a tree.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace patchplan::plan {

// Appends JSON to a string as values are given. Members of an object are written in the
// order they are given: a caller that wants dump()'s output writes them in name order.
// Strings are escaped as dump() with error_handler_t::replace escapes them (invalid UTF-8
// becomes U+FFFD, non-ASCII kept as UTF-8). `indent` < 0: compact.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out, int indent = -1) : out_(&out), indent_(indent) {}

  // Streams instead: whenever `out` holds a megabyte or more it is handed to `flush` and
  // emptied (call flush() at the end for the rest), so no whole document is held.
  JsonWriter(std::string& out, int indent, std::function<void(std::string_view)> flush)
      : out_(&out), indent_(indent), flush_(std::move(flush)) {}

  // Hands what is buffered to the flush function, if there is one.
  void flush();

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();

  // The name of the next member of the current object.
  void key(std::string_view name);

  void string(std::string_view text);
  void number(std::int64_t value);
  void boolean(bool value);
  void null();

 private:
  void before_value();
  void open(char bracket);
  void close(char bracket);
  void newline_and_indent(std::size_t depth);
  void append_escaped(std::string_view text);

  std::string* out_;
  int indent_;
  std::function<void(std::string_view)> flush_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace patchplan::plan
