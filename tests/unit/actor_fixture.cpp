#include "tests/unit/actor_fixture.hpp"

#include <caf/send.hpp>

#include "actors/search_actor.hpp"
#include "storage/chat_store.hpp"

namespace confab::test {
namespace {

gateway_actor::behavior_type recording_gateway(gateway_actor::pointer, caf::actor sink) {
  return {
      [](atoms::listen, const std::string&, std::uint16_t, ListenerKind) {
        return std::uint16_t{0};
      },
      [](atoms::tls_context, const TlsContextHandle&) {},
      [sink](atoms::send, ConnectionId conn, const SharedFrame& frame) {
        caf::anon_send(sink, Delivery{{conn}, 0, *frame.bytes});
      },
      [sink](atoms::send, const std::vector<AddressedFrame>& frames) {
        for (const auto& frame : frames) {
          caf::anon_send(sink, Delivery{{frame.conn}, 0, frame.bytes});
        }
      },
      [sink](atoms::fanout, const Recipients& recipients, ConnectionId except,
             const SharedFrame& frame) {
        caf::anon_send(sink, Delivery{*recipients.conns, except, *frame.bytes});
      },
      [](atoms::close, ConnectionId) {},
      [](atoms::consumed, ConnectionId, std::uint32_t, std::uint64_t) {},
      [](atoms::drained, ConnectionId, std::uint64_t) { return true; },
      [](atoms::stop, const std::string&) { return true; },
  };
}

// Takes its nick only because CAF 0.17 dereferences a null argument tuple
// when a function-based actor is spawned without arguments.
session_actor::behavior_type idle_session(session_actor::pointer, const std::string&) {
  return {
      [](atoms::frame, std::string&) {},
      [](atoms::oversize) {},
      [](atoms::secured, const std::string&) {},
      [](atoms::closed) {},
      [](atoms::idle) {},
      [](atoms::prompt) {},
      [](atoms::login_deadline) {},
      [](atoms::first_byte, std::uint8_t) {},
      [](atoms::shutdown, const std::string&) {},
      [](atoms::kick, const std::string&) {},
      [](atoms::removed, const std::string&, const std::string&, const std::string&) {},
      [](atoms::retry) {},
      [](atoms::label_end) {},
      [](atoms::upload_check, const std::string&, std::uint64_t) {},
  };
}

}  // namespace

ActorFixture::ActorFixture(bool stored_rooms) {
  config.set("logger.verbosity", caf::atom("quiet"));
  system = std::make_unique<caf::actor_system>(config);
  self = std::make_unique<caf::scoped_actor>(*system);
  auto whole = std::make_shared<ActorContext>();
  whole->log = std::make_shared<Log>(LogLevel::error);
  whole->msg_ids = std::make_shared<MessageIdSequence>(0);
  auto db = std::make_unique<SQLite::Database>(storage::open_database(dir.file("actors.db")));
  std::vector<storage::RoomRecord> records;
  if (stored_rooms) {
    // Its prepared statements must be gone before storage takes the database.
    storage::ChatStore store(*db);
    records = store.rooms();
  }
  // Few hash iterations: the tests check who may log in, not the hash cost.
  whole->login_guard = spawn_login_guard(*system, 1, 1000);
  whole->storage = spawn_storage(*system, whole, std::move(db));
  whole->searcher = spawn_searcher(
      *system, whole->log, whole->storage,
      std::make_unique<SQLite::Database>(storage::open_reader(dir.file("actors.db"))));
  whole->gateway = system->spawn(recording_gateway, caf::actor_cast<caf::actor>(*self));
  whole->directory = spawn_directory(*system, whole, records, {});
  context = whole;
  caf::anon_send(whole->directory, atoms::start::value);
}

ActorFixture::~ActorFixture() {
  (*self)->send_exit(context->directory, caf::exit_reason::user_shutdown);
  (*self)->send_exit(context->gateway, caf::exit_reason::user_shutdown);
  (*self)->send_exit(context->storage, caf::exit_reason::user_shutdown);
  (*self)->send_exit(context->searcher, caf::exit_reason::user_shutdown);
  (*self)->send_exit(context->login_guard, caf::exit_reason::user_shutdown);
  for (auto& session : sessions) {
    (*self)->send_exit(session, caf::exit_reason::user_shutdown);
  }
  self.reset();
}

session_actor ActorFixture::spawn_idle_session(const std::string& nick) {
  auto session = system->spawn(idle_session, nick);
  sessions.push_back(session);
  return session;
}

session_actor ActorFixture::spawn_chat_session(ConnectionId conn) {
  auto session = spawn_session(*system, context, conn, "192.0.2.1");
  sessions.push_back(session);
  return session;
}

void ActorFixture::client_sends(const session_actor& session, const std::string& line) {
  // The gateway reports a connection's first byte once; a session decides
  // its dialect once and ignores any later report.
  if (!line.empty()) {
    (*self)->send(session, atoms::first_byte::value, static_cast<std::uint8_t>(line.front()));
  }
  (*self)->send(session, atoms::frame::value, line);
}

MemberRef ActorFixture::member(const std::string& nick, ConnectionId conn, net::DialectId dialect) {
  return MemberRef{nick, conn, dialect, spawn_idle_session(nick)};
}

Delivery ActorFixture::next_delivery(std::chrono::milliseconds timeout) {
  Delivery delivery;
  bool received = false;
  (*self)->receive(
      [&](Delivery& d) {
        delivery = std::move(d);
        received = true;
      },
      caf::after(timeout) >> [] {});
  REQUIRE_MESSAGE(received, "the gateway was asked to deliver nothing");
  return delivery;
}

Delivery ActorFixture::delivery_containing(const std::string& needle,
                                           std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    REQUIRE_MESSAGE(remaining.count() > 0, "no delivery contained " << needle);
    auto delivery = next_delivery(remaining);
    if (delivery.bytes.find(needle) != std::string::npos) {
      return delivery;
    }
  }
}

}  // namespace confab::test
