#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/chat_error.hpp"
#include "actors/directory_actor.hpp"
#include "actors/login_guard_actor.hpp"
#include "actors/session_actor.hpp"
#include "actors/storage_actor.hpp"
#include "storage/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace confab::test {

// What a gateway was asked to deliver.
struct Delivery {
  std::vector<ConnectionId> recipients;
  ConnectionId except = 0;
  std::string bytes;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Delivery& x) {
  return f(caf::meta::type_name("Delivery"), x.recipients, x.except, x.bytes);
}

// A real actor system with real storage, directory and login guard; the
// gateway is a recorder that hands every delivery to the test's scoped actor.
class ActorFixture {
 public:
  // With `stored_rooms`, the directory starts with the database's rooms (the
  // migrations create `main`) as confabd's does; without, it knows none.
  explicit ActorFixture(bool stored_rooms = false);
  ~ActorFixture();

  // A real chat session on connection `conn`, as the gateway would start it.
  session_actor spawn_chat_session(ConnectionId conn);
  // What the gateway tells a session about its client's bytes.
  void client_sends(const session_actor& session, const std::string& line);

  // A session actor that ignores everything; rooms only need its handle to
  // monitor it.
  session_actor spawn_idle_session(const std::string& nick);
  MemberRef member(const std::string& nick, ConnectionId conn,
                   net::DialectId dialect = net::DialectId::json);

  // Next delivery recorded by the gateway; fails the test after the deadline.
  Delivery next_delivery(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Deliveries until one contains `needle`.
  Delivery delivery_containing(const std::string& needle,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5));

  TempDir dir;
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  std::unique_ptr<caf::scoped_actor> self;
  SharedContext context;
  std::vector<session_actor> sessions;
};

}  // namespace confab::test
