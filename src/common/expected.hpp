// Expected<T>: a value or an Error, the one error mechanism of patchplan.
#pragma once

#include <fmt/format.h>

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace patchplan {

// What kind of failure an Error reports; main maps these to exit codes.
enum class ErrorCode {
  kInvalidInput,  // a file or argument that does not follow its format
  kNotFound,      // a file, package, host or record that does not exist
  kIo,            // the operating system refused a read or write
  kUsage,         // the command line itself is wrong (exit 2)
  kConflict,      // a lock is held or a state forbids the operation
  kInternal,      // a broken invariant of patchplan itself
};

// A failure: a code and a one-line, lowercase message naming the input.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  // Prefixes outer context: "reading host 'x': " + inner message.
  [[nodiscard]] Error context(std::string_view outer) const {
    return Error{code, fmt::format("{}: {}", outer, message)};
  }
};

template <typename... Args>
[[nodiscard]] Error make_error(ErrorCode code, fmt::format_string<Args...> format, Args&&... args) {
  return Error{code, fmt::format(format, std::forward<Args>(args)...)};
}

// Holds either a T or an Error. Accessing the wrong alternative is a bug (asserted).
template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : storage_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Expected(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool has_value() const { return storage_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(storage_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(storage_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(storage_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  [[nodiscard]] const Error& error() const {
    assert(!has_value());
    return std::get<1>(storage_);
  }

 private:
  std::variant<T, Error> storage_;
};

// The result of an operation that yields nothing but may fail.
struct Ok {};
using Status = Expected<Ok>;
inline Status ok() { return Ok{}; }

}  // namespace patchplan
