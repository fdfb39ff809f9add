// Errors as values at boundaries: a typed error and a minimal Expected<T>.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace lanemerge::core {

// `kind` is one of the envelope's kinds: usage, filesystem, parse, config,
// tool, lock, policy, runtime, unknown.
struct Error {
  std::string kind = "runtime";
  std::string operation;
  std::string target;
  std::string message;
  std::string hint;
  bool retryable = false;
};

template <typename T>
class Expected {
public:
  Expected(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Expected(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

private:
  std::variant<T, Error> v_;
};

}  // namespace lanemerge::core
