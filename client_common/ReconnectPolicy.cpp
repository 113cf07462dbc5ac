#include "ReconnectPolicy.h"

#include <algorithm>

int ReconnectPolicy::nextDelayMs() {
  const int delay = delayMs_;
  delayMs_ = std::min(delayMs_ * 2, kMaxDelayMs);
  return delay;
}
