#pragma once

#include <caf/atom.hpp>

// The message vocabulary between confab's actors. CAF already defines
// join_atom, ok_atom and friends, so ours live in their own namespace; atom
// text is at most 10 characters.
namespace confab::atoms {

using caf::atom;
using caf::atom_constant;

using frame = atom_constant<atom("cf_frame")>;
using oversize = atom_constant<atom("cf_oversz")>;
using closed = atom_constant<atom("cf_closed")>;
using tick = atom_constant<atom("cf_tick")>;
using idle = atom_constant<atom("cf_idle")>;
using prompt = atom_constant<atom("cf_prompt")>;
using send = atom_constant<atom("cf_send")>;
using fanout = atom_constant<atom("cf_fanout")>;
using close = atom_constant<atom("cf_close")>;
using consumed = atom_constant<atom("cf_consume")>;
using listen = atom_constant<atom("cf_listen")>;
using stop = atom_constant<atom("cf_stop")>;
using shutdown = atom_constant<atom("cf_shutdn")>;
using claim = atom_constant<atom("cf_claim")>;
using confirm = atom_constant<atom("cf_confirm")>;
using release = atom_constant<atom("cf_release")>;
using create = atom_constant<atom("cf_create")>;
using join = atom_constant<atom("cf_join")>;
using leave = atom_constant<atom("cf_leave")>;
using say = atom_constant<atom("cf_say")>;
using pm = atom_constant<atom("cf_pm")>;
using rooms = atom_constant<atom("cf_rooms")>;
using users = atom_constant<atom("cf_users")>;
using members = atom_constant<atom("cf_members")>;
using count = atom_constant<atom("cf_count")>;
using persist = atom_constant<atom("cf_persist")>;
using offline = atom_constant<atom("cf_offline")>;
using history = atom_constant<atom("cf_history")>;
using account = atom_constant<atom("cf_account")>;
using enroll = atom_constant<atom("cf_enroll")>;
using pending = atom_constant<atom("cf_pending")>;
using flush = atom_constant<atom("cf_flush")>;
using sync = atom_constant<atom("cf_sync")>;
using verify = atom_constant<atom("cf_verify")>;
using digest = atom_constant<atom("cf_digest")>;
using upload_begin = atom_constant<atom("cf_upbegin")>;
using chunk_put = atom_constant<atom("cf_chunkpt")>;
using upload_drop = atom_constant<atom("cf_updrop")>;
using file_get = atom_constant<atom("cf_fileget")>;
using chunk_get = atom_constant<atom("cf_chunkgt")>;
using file_list = atom_constant<atom("cf_files")>;
using share = atom_constant<atom("cf_share")>;
using exists = atom_constant<atom("cf_exists")>;
using drained = atom_constant<atom("cf_drained")>;
using tls_context = atom_constant<atom("cf_tlsctx")>;
using secured = atom_constant<atom("cf_secured")>;
using client_open = atom_constant<atom("cf_copen")>;
using client_close = atom_constant<atom("cf_cclose")>;
using client_nick = atom_constant<atom("cf_cnick")>;
using client_rooms = atom_constant<atom("cf_crooms")>;
using counters = atom_constant<atom("cf_counter")>;
using room_update = atom_constant<atom("cf_roomupd")>;
using room_created = atom_constant<atom("cf_roomnew")>;
using room_stored = atom_constant<atom("cf_roomsto")>;
using heard = atom_constant<atom("cf_heard")>;
using node_left = atom_constant<atom("cf_nodeout")>;
using nodes = atom_constant<atom("cf_nodes")>;
using link_down = atom_constant<atom("cf_linkdn")>;
using link_up = atom_constant<atom("cf_linkup")>;
using log_line = atom_constant<atom("cf_logline")>;
using subscribe = atom_constant<atom("cf_subscr")>;
using unsubscribe = atom_constant<atom("cf_unsubsc")>;
using stats = atom_constant<atom("cf_stats")>;
using kick = atom_constant<atom("cf_kick")>;
using announce = atom_constant<atom("cf_announc")>;
using start = atom_constant<atom("cf_start")>;
using forget = atom_constant<atom("cf_forget")>;
using admit = atom_constant<atom("cf_admit")>;
using outcome = atom_constant<atom("cf_outcome")>;
using upload_check = atom_constant<atom("cf_upcheck")>;
using login_deadline = atom_constant<atom("cf_deadln")>;
using first_byte = atom_constant<atom("cf_1stbyte")>;
using retry = atom_constant<atom("cf_retry")>;
using retract = atom_constant<atom("cf_retract")>;
using delete_room = atom_constant<atom("cf_delroom")>;
using removed = atom_constant<atom("cf_removed")>;
using room_deleted = atom_constant<atom("cf_roomdel")>;
using topic = atom_constant<atom("cf_topic")>;
using admin_topic = atom_constant<atom("cf_admtop")>;
using found = atom_constant<atom("cf_found")>;
using away = atom_constant<atom("cf_away")>;
using restyle = atom_constant<atom("cf_restyle")>;
using msg_at = atom_constant<atom("cf_msgat")>;
using label_end = atom_constant<atom("cf_lblend")>;
using quit = atom_constant<atom("cf_quit")>;
using search = atom_constant<atom("cf_search")>;
using housekeep = atom_constant<atom("cf_housekp")>;
using index = atom_constant<atom("cf_index")>;
using purge = atom_constant<atom("cf_purge")>;
using retention = atom_constant<atom("cf_retain")>;
using append = atom_constant<atom("cf_append")>;
using logged = atom_constant<atom("cf_logged")>;
using logged_room = atom_constant<atom("cf_logroom")>;
using unlogged = atom_constant<atom("cf_unlog")>;
using presence = atom_constant<atom("cf_presenc")>;
using roster = atom_constant<atom("cf_roster")>;
using node_joined = atom_constant<atom("cf_nodein")>;
using node_gone = atom_constant<atom("cf_nodegon")>;
using logged_account = atom_constant<atom("cf_logacct")>;
using logged_pm = atom_constant<atom("cf_logpm")>;
using seen = atom_constant<atom("cf_seen")>;
using logged_seen = atom_constant<atom("cf_logseen")>;
using logged_topic = atom_constant<atom("cf_logtopc")>;
using logged_delete = atom_constant<atom("cf_logdel")>;
using called = atom_constant<atom("cf_called")>;
using answered = atom_constant<atom("cf_answerd")>;
using call_late = atom_constant<atom("cf_calllat")>;
using share_clients = atom_constant<atom("cf_shrclnt")>;
using remote_clients = atom_constant<atom("cf_rmclnts")>;
using watch = atom_constant<atom("cf_watch")>;

}  // namespace confab::atoms
