#include <doctest/doctest.h>

#include "cluster/node_calls.hpp"

using namespace confab::cluster;

TEST_CASE("a call names its node and op, and its answer comes back by token") {
  CHECK(call_subject("b", "kick") == "confab.call.b.kick");
  CHECK(calls_to("b") == "confab.call.b.*");
  CHECK(call_op(call_subject("b", "announce")) == "announce");
  CHECK(answer_subject("a", 17) == "confab.answer.a.17");
  CHECK(answers_to("a") == "confab.answer.a.*");
  CHECK(answer_token(answer_subject("a", 17)) == std::uint64_t{17});
}

TEST_CASE("a subject that is not an answer has no token") {
  CHECK_FALSE(answer_token("confab.answer.a."));
  CHECK_FALSE(answer_token("confab.answer.a.12x"));
  CHECK_FALSE(answer_token("confab.answer.a.-3"));
  CHECK_FALSE(answer_token("confab.call.a.12"));
  CHECK_FALSE(answer_token(""));
}

TEST_CASE("client events and watches are published under their node's name") {
  CHECK(clients_subject("node-2") == "confab.clients.node-2");
  CHECK(subject_node(clients_subject("node-2")) == "node-2");
  CHECK(watch_subject("a") == "confab.watch.a");
  CHECK(subject_node(watch_subject("a")) == "a");
}
