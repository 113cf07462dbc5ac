#include <doctest/doctest.h>

#include "net/ctcp_action.hpp"

using namespace confab::net;

TEST_CASE("an action is CTCP ACTION, with or without its closing byte") {
  CHECK(ctcp_action("\x01"
                    "ACTION waves\x01") == std::optional<std::string_view>("waves"));
  CHECK(ctcp_action("\x01"
                    "ACTION waves") == std::optional<std::string_view>("waves"));
  CHECK_FALSE(ctcp_action("ACTION waves"));
  CHECK_FALSE(ctcp_action("\x01VERSION\x01"));
  CHECK(make_ctcp_action("nods") ==
        "\x01"
        "ACTION nods\x01");
  CHECK(ctcp_action(make_ctcp_action("a b c")) == std::optional<std::string_view>("a b c"));
}
