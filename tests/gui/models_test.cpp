#include <doctest/doctest.h>

#include "models/ConversationListModel.h"
#include "models/MemberListModel.h"
#include "models/MessageListModel.h"

namespace {

ChatMessage serverMessage(qint64 id, const QString& text) {
  ChatMessage message;
  message.msgId = id;
  message.from = QStringLiteral("bob");
  message.text = text;
  return message;
}

QStringList texts(const MessageListModel& model) {
  QStringList out;
  for (const auto& message : model.messages()) {
    out << message.text;
  }
  return out;
}

}  // namespace

TEST_CASE("messages keep msg_id order and arrive once") {
  MessageListModel model;
  CHECK(model.addFromServer(serverMessage(5, "five")));
  CHECK(model.addFromServer(serverMessage(7, "seven")));
  CHECK(model.addFromServer(serverMessage(6, "six")));          // caught up late
  CHECK_FALSE(model.addFromServer(serverMessage(7, "seven")));  // again after reconnect
  CHECK(model.addFromServer(serverMessage(2, "two")));          // older page
  CHECK(texts(model) == QStringList{"two", "five", "six", "seven"});
  CHECK(model.oldestMsgId() == 2);
  CHECK(model.newestMsgId() == 7);
}

TEST_CASE("our own message shows at once and takes its place when confirmed") {
  MessageListModel model;
  model.addFromServer(serverMessage(1, "one"));
  const auto local = model.addPending(QStringLiteral("alice"), QStringLiteral("mine"));
  CHECK(model.pendingMessages().size() == 1);
  // Someone else's message was numbered before ours but arrives after it.
  model.addFromServer(serverMessage(2, "two"));
  model.confirm(local, 3, QDateTime::currentDateTime());
  CHECK(texts(model) == QStringList{"one", "two", "mine"});
  CHECK(model.pendingMessages().empty());
  CHECK_FALSE(model.addFromServer(serverMessage(3, "mine")));
}

TEST_CASE("a refused message says why") {
  MessageListModel model;
  const auto local = model.addPending(QStringLiteral("alice"), QStringLiteral("spam"));
  model.markFailed(local, QStringLiteral("slow down"));
  CHECK(model.messages().back().failed);
  CHECK(model.messages().back().failure == QStringLiteral("slow down"));
  // The text stays what was typed, to be sent again.
  CHECK(model.messages().back().text == QStringLiteral("spam"));
}

TEST_CASE("the conversation list keeps rooms first and counts unread messages") {
  ConversationListModel list;
  list.add(QStringLiteral("@bob"), QStringLiteral("bob"), false);
  list.add(QStringLiteral("#main"), QStringLiteral("#main"), true);
  list.add(QStringLiteral("#dev"), QStringLiteral("#dev"), true);
  CHECK(list.keyAt(0) == "#main");
  CHECK(list.keyAt(1) == "#dev");
  CHECK(list.keyAt(2) == "@bob");
  CHECK(list.add(QStringLiteral("#main"), QStringLiteral("#main"), true) == 0);
  list.addUnread(QStringLiteral("@bob"));
  list.addUnread(QStringLiteral("@bob"));
  CHECK(list.data(list.index(2), Qt::DisplayRole).toString() == "bob  (2)");
  list.clearUnread(QStringLiteral("@bob"));
  CHECK(list.unread(QStringLiteral("@bob")) == 0);
  list.remove(QStringLiteral("#dev"));
  CHECK(list.rowCount() == 2);
}

TEST_CASE("members are sorted and unique whatever the case") {
  MemberListModel members;
  members.setMembers({"carol", "Alice", "bob"});
  members.addMember(QStringLiteral("alice"));
  members.addMember(QStringLiteral("dave"));
  CHECK(members.stringList() == QStringList{"Alice", "bob", "carol", "dave"});
  members.removeMember(QStringLiteral("BOB"));
  CHECK(members.stringList() == QStringList{"Alice", "carol", "dave"});
}
