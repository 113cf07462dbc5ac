#pragma once

// When to try the server again after a connection is lost or refused: half a
// second, doubling with each failed attempt up to 30 s, and back to half a
// second once an attempt succeeds. One policy for the client and the console,
// so neither hammers a server that is down nor waits long for one that is up.
class ReconnectPolicy {
 public:
  static constexpr int kFirstDelayMs = 500;
  static constexpr int kMaxDelayMs = 30000;

  // The delay before the next attempt; the one after it will be longer.
  int nextDelayMs();
  // A connection succeeded.
  void reset() { delayMs_ = kFirstDelayMs; }

 private:
  int delayMs_ = kFirstDelayMs;
};
