#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "actors/operation_table.hpp"

using namespace confab;

namespace {

// What the table did with each request, as a session would see it.
struct FakeSession {
  std::vector<std::string> handled;
  std::vector<std::string> refused;
  bool over_rate = false;
  int rate_checks = 0;
};

void record(FakeSession* session, const net::Request& request) {
  session->handled.push_back(request.op);
}

void refuse(FakeSession* session, const net::Request& request, net::ErrorCode code,
            const std::string& message) {
  session->refused.push_back(request.op + " " + std::string(net::wire_name(code)) + ": " + message);
}

bool within_rate(FakeSession* session, const net::Request&) {
  ++session->rate_checks;
  return !session->over_rate;
}

using Table = OperationTable<FakeSession*>;

const Table& operations() {
  static const Table table{
      {
          {"ping", record, /*before_login=*/true},
          {"join", record},
          {"say", record, false, /*rate_limited=*/true},
      },
      Table::Wording{"unknown op: ", "send hello first"},
  };
  return table;
}

net::Request request(std::string op) {
  return net::Request{std::move(op), "1", {}};
}

}  // namespace

TEST_CASE("the operation table refuses unknown ops and ops that need a login") {
  FakeSession session;
  operations().dispatch(&session, request("frobnicate"), true, refuse, within_rate);
  operations().dispatch(&session, request("join"), false, refuse, within_rate);
  operations().dispatch(&session, request("ping"), false, refuse, within_rate);
  CHECK(session.refused == std::vector<std::string>{
                               "frobnicate unknown_op: unknown op: frobnicate",
                               "join hello_required: send hello first",
                           });
  CHECK(session.handled == std::vector<std::string>{"ping"});
}

TEST_CASE("only rate-limited operations are charged, and one over the rate never runs") {
  FakeSession session;
  operations().dispatch(&session, request("join"), true, refuse, within_rate);
  CHECK(session.rate_checks == 0);
  operations().dispatch(&session, request("say"), true, refuse, within_rate);
  CHECK(session.rate_checks == 1);
  session.over_rate = true;
  operations().dispatch(&session, request("say"), true, refuse, within_rate);
  CHECK(session.rate_checks == 2);
  CHECK(session.handled == std::vector<std::string>{"join", "say"});
  CHECK(session.refused.empty());
}
