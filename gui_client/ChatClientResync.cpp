// Coming back after a lost connection: log in again, rejoin every room the
// user was in, fetch what was said meanwhile, and send what the user typed
// while offline unless history shows the server stored it after all — so
// nothing is lost or shown twice.
#include <algorithm>
#include <chrono>
#include <memory>

#include "ChatClient.h"
#include "ReplyFields.h"

namespace {

using Json = nlohmann::json;
using reply_fields::errorText;
using reply_fields::isOk;
using reply_fields::str;

// Pages of missed messages fetched per request.
constexpr int kCatchUpPage = 200;

}  // namespace

void ChatClient::onOpened() {
  Json hello{{"op", "hello"}, {"nick", nick_.toStdString()}, {"client", "confab-client"}};
  if (!password_.isEmpty()) {
    hello["password"] = password_.toStdString();
  }
  request(hello, [this](const Json& reply) {
    if (!isOk(reply)) {
      const auto code = str(reply, "code");
      // After a lost connection the server may not have noticed yet that our
      // old session is gone; keep trying. A first login fails for good.
      if (everOnline_ && code == "nick_taken") {
        connection_.close();
        scheduleReconnect();
        return;
      }
      redial_.stop();
      connection_.close();
      setState(State::Offline, errorText(reply));
      reportError(reply);
      return;
    }
    nick_ = str(reply, "nick");
    connection_.keepAliveWithin(std::chrono::seconds(reply.value("idle_timeout", 0)));
    redial_.succeeded();
    std::vector<QString> rooms;
    if (everOnline_) {
      for (const auto& conversation : conversations_.conversations()) {
        if (conversation.isRoom) {
          rooms.push_back(targetName(conversation.key));
        }
      }
    }
    for (const auto& room : reply.value("rooms", Json::array())) {
      const auto name = QString::fromStdString(room.get<std::string>());
      if (std::none_of(rooms.begin(), rooms.end(),
                       [&](const QString& r) { return roomKey(r) == roomKey(name); })) {
        rooms.push_back(name);
      }
    }
    QString reopen;
    if (everOnline_) {
      // What the catch-up brings lands below this line.
      for (const auto& conversation : conversations_.conversations()) {
        messages(conversation.key)->addEvent(tr("* reconnected"));
      }
    } else {
      // A launch: what was open last time on this server, as this nick.
      saved_ = SavedConversations(redial_.addresses(), nick_);
      restoring_ = true;
      for (const auto& name : saved_.rooms()) {
        if (std::none_of(rooms.begin(), rooms.end(),
                         [&](const QString& r) { return roomKey(r) == roomKey(name); })) {
          rooms.push_back(name);
        }
      }
      for (const auto& nick : saved_.privates()) {
        ensurePrivate(nick);
      }
      reopen = saved_.current();
    }
    everOnline_ = true;
    setState(State::Online, tr("Connected to %1 as %2").arg(redial_.address(), nick_));
    synchronise(rooms, [this, reopen] {
      if (!restoring_) {
        return;
      }
      restoring_ = false;
      if (conversations_.rowOf(reopen) >= 0) {
        Q_EMIT conversationOpened(reopen);
      }
      rememberConversations();
    });
  });
}

void ChatClient::synchronise(const std::vector<QString>& rooms, std::function<void()> joined) {
  // Answers to join requests come one by one; the last one runs `joined`.
  auto unanswered = std::make_shared<int>(1);
  auto answered = [unanswered, joined = std::move(joined)] {
    if (--*unanswered == 0 && joined) {
      joined();
    }
  };
  for (const auto& room : rooms) {
    const auto key = roomKey(room);
    if (key == roomKey("main")) {
      // hello already joined main: fetch who is there and what we missed.
      titles_[key] = room;
      if (conversations_.rowOf(key) < 0) {
        conversations_.add(key, '#' + room, true);
        Q_EMIT conversationOpened(key);
      }
      listUsers(room, [this, key](const QStringList& users) { members(key)->setMembers(users); });
      catchUp(key, [this, key] { resendPending(key); });
      continue;
    }
    ++*unanswered;
    request({{"op", "join"}, {"room", room.toStdString()}}, [this, key, room,
                                                             answered](const Json& reply) {
      if (isOk(reply)) {
        adoptRoom(reply);
        catchUp(key, [this, key] { resendPending(key); });
      } else {
        messages(key)->addEvent(tr("* could not rejoin %1: %2").arg(room, errorText(reply)));
      }
      answered();
    });
  }
  if (isAuthenticated()) {
    for (const auto& conversation : conversations_.conversations()) {
      if (!conversation.isRoom) {
        const auto key = conversation.key;
        catchUp(key, [this, key] { resendPending(key); });
      }
    }
  }
  answered();
}

void ChatClient::adoptRoom(const Json& reply) {
  const auto room = str(reply, "room");
  const auto key = roomKey(room);
  titles_[key] = room;
  topics_[key] = str(reply, "topic");
  QStringList nicks;
  for (const auto& nick : reply.value("members", Json::array())) {
    nicks << QString::fromStdString(nick.get<std::string>());
  }
  members(key)->setMembers(nicks);
  for (const auto& event : reply.value("history", Json::array())) {
    addServerMessage(key, event, Arrival::Older);
  }
  if (conversations_.rowOf(key) < 0) {
    conversations_.add(key, '#' + room, true);
    Q_EMIT conversationOpened(key);
  }
}

void ChatClient::catchUp(const QString& key, std::function<void()> done) {
  const auto newest = messages(key)->newestMsgId();
  Json query{{"op", "history"}, {"limit", kCatchUpPage}};
  query[isRoomKey(key) ? "room" : "with"] = targetName(key).toStdString();
  if (newest > 0) {
    query["after"] = newest;
  }
  request(query, [this, key, newest, done](const Json& reply) {
    if (!isOk(reply)) {
      if (done) {
        done();
      }
      return;
    }
    // After what we had, it is news; with nothing before, it is history.
    const auto arrival = newest > 0 ? Arrival::CaughtUp : Arrival::Older;
    const auto& page = reply["messages"];
    for (const auto& event : page) {
      addServerMessage(key, event, arrival);
    }
    if (newest > 0 && page.size() == static_cast<std::size_t>(kCatchUpPage)) {
      catchUp(key, done);
    } else if (done) {
      done();
    }
  });
}

void ChatClient::resendPending(const QString& key) {
  auto* model = messages(key);
  for (const auto& message : model->pendingMessages()) {
    if (awaitingAnswer_.count({key, message.localId}) > 0) {
      continue;  // sent on this connection already; its answer is coming
    }
    // Sent before the connection dropped and stored by the server after all:
    // history brought it back, so the unconfirmed copy goes.
    const auto& all = model->messages();
    const bool stored = std::any_of(all.begin(), all.end(), [&](const ChatMessage& m) {
      return m.msgId != 0 && m.from == nick_ && m.text == message.text &&
             m.time >= message.time.addSecs(-60);
    });
    if (stored) {
      model->removePending(message.localId);
      continue;
    }
    sendPending(key, message.localId, message.text);
  }
}
