#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "net/error_code.hpp"
#include "net/protocol_codec.hpp"

namespace confab {

// What a session may be asked, one row per operation, and the checks every
// row shares made in one place (as InspIRCd's Command and Ergo's command
// table do): an unknown op, an op that needs a login first, and the message
// rate are refused before any handler runs.
template <class Session>
class OperationTable {
 public:
  using Handler = void (*)(Session, const net::Request&);

  struct Operation {
    std::string_view op;
    Handler handler = nullptr;
    // ping and hello: allowed before the session has logged in.
    bool before_login = false;
    // Counts against the session's message rate.
    bool rate_limited = false;
  };

  // How a session words the two refusals the table makes itself.
  struct Wording {
    std::string unknown_op;   // followed by the op's name
    std::string login_first;  // hello_required
  };

  OperationTable(std::initializer_list<Operation> operations, Wording wording)
      : operations_(operations), wording_(std::move(wording)) {}

  // Runs the request's handler, or refuses it through `refuse(self, request,
  // code, message)`. `within_rate(self, request)` is asked for rate-limited
  // operations and answers the client itself when it says no.
  template <class Refuse, class WithinRate>
  void dispatch(Session self, const net::Request& request, bool logged_in, Refuse&& refuse,
                WithinRate&& within_rate) const {
    const auto* operation = find(request.op);
    if (operation == nullptr) {
      refuse(self, request, net::ErrorCode::unknown_op, wording_.unknown_op + request.op);
      return;
    }
    if (!logged_in && !operation->before_login) {
      refuse(self, request, net::ErrorCode::hello_required, wording_.login_first);
      return;
    }
    if (operation->rate_limited && !within_rate(self, request)) {
      return;
    }
    operation->handler(self, request);
  }

  const Operation* find(std::string_view op) const {
    auto it = std::find_if(operations_.begin(), operations_.end(),
                           [op](const Operation& row) { return row.op == op; });
    return it == operations_.end() ? nullptr : &*it;
  }

 private:
  std::vector<Operation> operations_;
  Wording wording_;
};

}  // namespace confab
