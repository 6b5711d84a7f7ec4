// A SAX handler that builds nlohmann::json values under a depth limit.
#include "feeds/json_document.hpp"

#include <vector>

namespace patchplan::feeds::detail {
namespace {

using nlohmann::json;

class DomBuilder {
 public:
  DomBuilder(JsonInput& input, std::size_t max_depth, bool split_array, const JsonValueSink& sink)
      : input_(&input), max_depth_(max_depth), split_array_(split_array), sink_(&sink) {}

  bool null() { return value(json(nullptr)); }
  bool boolean(bool v) { return value(json(v)); }
  bool number_integer(json::number_integer_t v) { return value(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return value(json(v)); }
  bool number_float(json::number_float_t v, const std::string& /*text*/) { return value(json(v)); }
  bool string(std::string& v) { return value(json(std::move(v))); }
  bool binary(json::binary_t& /*v*/) { return value(json(nullptr)); }

  bool start_object(std::size_t /*size*/) { return open(json::object()); }
  bool start_array(std::size_t /*size*/) {
    if (split_array_ && !started_) {
      started_ = true;
      in_top_array_ = true;
      return true;
    }
    return open(json::array());
  }
  bool key(std::string& k) {
    input_->mark_event();
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() {
    if (in_top_array_ && stack_.empty()) return true;  // the end of the split array
    return close();
  }

  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) {
    if (!error_) error_ = input_->syntax_error(ex.what());
    return false;
  }

  [[nodiscard]] std::optional<Error> error() const { return error_; }

 private:
  // Places a scalar or a new container where the parser is; returns the placed value.
  json* place(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    json& slot = top[key_];
    slot = std::move(v);
    return &slot;
  }

  bool value(json&& v) {
    input_->mark_event();
    started_ = true;
    place(std::move(v));
    return stack_.empty() ? complete() : true;
  }

  bool open(json&& container) {
    input_->mark_event();
    started_ = true;
    const std::size_t depth = stack_.size() + (in_top_array_ ? 2 : 1);
    if (depth > max_depth_) {
      error_ = make_error(ErrorCode::kInvalidInput, "'{}': {}: JSON nested deeper than {} levels",
                          input_->name(), input_->where(), max_depth_);
      return false;
    }
    stack_.push_back(place(std::move(container)));
    return true;
  }

  bool close() {
    input_->mark_event();
    stack_.pop_back();
    return stack_.empty() ? complete() : true;
  }

  // A top-level value (or an element of the split array) is whole.
  bool complete() {
    if (auto status = (*sink_)(std::move(root_), in_top_array_); !status) {
      error_ = status.error();
      return false;
    }
    root_ = json();
    return true;
  }

  JsonInput* input_;
  std::size_t max_depth_;
  bool split_array_;
  const JsonValueSink* sink_;
  bool started_ = false;
  bool in_top_array_ = false;
  json root_;
  std::vector<json*> stack_;
  std::string key_;
  std::optional<Error> error_;
};

}  // namespace

Expected<nlohmann::json> read_json_document(ByteSource& source, const JsonLimits& limits) {
  nlohmann::json document;
  const JsonValueSink keep = [&document](nlohmann::json&& value, bool /*element*/) {
    document = std::move(value);
    return ok();
  };
  JsonInput input(source, limits);
  DomBuilder builder(input, limits.max_depth, false, keep);
  if (auto status = input.parse(builder); !status) return status.error();
  return document;
}

Status for_each_json_element(ByteSource& source, const JsonLimits& limits,
                             const JsonValueSink& sink) {
  JsonInput input(source, limits);
  DomBuilder builder(input, limits.max_depth, true, sink);
  return input.parse(builder);
}

}  // namespace patchplan::feeds::detail
