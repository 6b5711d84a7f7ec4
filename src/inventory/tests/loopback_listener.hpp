// A TCP socket listening on 127.0.0.1 at a port the kernel picks, for runtime-use tests.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>

#include "common/unique_fd.hpp"

namespace patchplan::inventory::testing {

struct LoopbackListener {
  UniqueFd socket;
  std::uint16_t port = 0;
};

// Opens the listener; nullopt when the kernel refuses (no loopback).
inline std::optional<LoopbackListener> open_loopback_listener() {
  UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (listener.get() < 0) return std::nullopt;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener.get(), 1) != 0 ||
      ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return std::nullopt;
  }
  return LoopbackListener{std::move(listener), ntohs(address.sin_port)};
}

}  // namespace patchplan::inventory::testing
