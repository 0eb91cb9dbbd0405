#ifndef SWITCHBOARD_CLINUX_H
#define SWITCHBOARD_CLINUX_H
// Linux system interfaces the socket layer uses (epoll, eventfd, timerfd, socket options).
// Swift imports enum-typed flags and the packed `epoll_event` awkwardly, so the socket layer calls
// these small wrappers with plain integer types instead.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <stdint.h>
#include <signal.h>
#include <time.h>

/// Wall-clock milliseconds since the Unix epoch. In C because a Swift module that also imports
/// Foundation may see `timespec` as CoreFoundation's under whole-module builds, and refuse its members.
static inline int64_t sb_wall_milliseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/// One readiness notification, unpacked (the kernel's `epoll_event` is packed on x86_64).
typedef struct {
    uint32_t events;
    uint64_t data;
} sb_poll_event;

static const uint32_t SB_EPOLLIN = EPOLLIN;
static const uint32_t SB_EPOLLOUT = EPOLLOUT;
static const uint32_t SB_EPOLLERR = EPOLLERR;
static const uint32_t SB_EPOLLHUP = EPOLLHUP;
static const uint32_t SB_EPOLLRDHUP = EPOLLRDHUP;

int sb_epoll_create(void);
int sb_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// Returns the number of events, 0 on timeout or EINTR, -1 on other errors (errno set).
int sb_epoll_wait(int epfd, sb_poll_event *events, int max_events, int timeout_ms);
static const int SB_EPOLL_CTL_ADD = EPOLL_CTL_ADD;
static const int SB_EPOLL_CTL_MOD = EPOLL_CTL_MOD;
static const int SB_EPOLL_CTL_DEL = EPOLL_CTL_DEL;

int sb_eventfd(void);
/// Adds one to the eventfd counter; EAGAIN (counter full) is fine, the loop wakes anyway.
void sb_eventfd_signal(int fd);
void sb_eventfd_drain(int fd);

/// A non-blocking, close-on-exec TCP socket of the given family (AF_INET or AF_INET6).
int sb_tcp_socket(int family);
/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC; -1 with errno on failure.
int sb_accept(int listen_fd);
int sb_set_int_option(int fd, int level, int name, int value);
int sb_get_int_option(int fd, int level, int name, int *value);
/// The pending error of a socket (SO_ERROR), for completing a non-blocking connect.
int sb_socket_error(int fd);
/// Bound port of a socket, or -1.
int sb_local_port(int fd);
/// Parses an IPv4 or IPv6 literal into `storage`; returns its length, or 0 when not a literal.
int sb_make_address(const char *host, uint16_t port, struct sockaddr_storage *storage);
int sb_bind(int fd, const struct sockaddr_storage *storage, int length);
int sb_connect(int fd, const struct sockaddr_storage *storage, int length);
/// send(2) with MSG_NOSIGNAL so a closed peer never raises SIGPIPE.
ssize_t sb_send(int fd, const void *bytes, size_t count);
ssize_t sb_writev(int fd, const struct iovec *iov, int count);
/// RLIMIT_NOFILE's soft and hard limits (RLIM_INFINITY as UINT64_MAX); 0, or -1 with errno.
int sb_get_fd_limit(uint64_t *soft, uint64_t *hard);
/// Sets RLIMIT_NOFILE's soft limit, keeping the hard one; 0, or -1 with errno.
int sb_set_fd_soft_limit(uint64_t soft);
/// Ignores SIGPIPE process-wide (OpenSSL writes with plain write(2)).
void sb_ignore_sigpipe(void);

/// The event loop running on this thread (a thread-local), or NULL on other threads.
void *sb_current_loop(void);
void sb_set_current_loop(void *loop);
/// Names the calling thread (at most 15 bytes shown), for top -H and /proc/PID/task/*/comm.
int sb_set_thread_name(const char *name);
/// CLOCK_MONOTONIC in nanoseconds.
uint64_t sb_monotonic_nanos(void);

/// mallopt(M_ARENA_MAX, arenas) (a macro Swift cannot import); 1 on success.
int sb_set_malloc_arenas(int arenas);
/// malloc_trim(0): returns free heap pages to the system; 1 when memory was released.
int sb_malloc_trim(void);

static const int SB_SOL_SOCKET = SOL_SOCKET;
static const int SB_SO_REUSEADDR = SO_REUSEADDR;
static const int SB_SO_SNDBUF = SO_SNDBUF;
static const int SB_SO_RCVBUF = SO_RCVBUF;
static const int SB_IPPROTO_TCP = IPPROTO_TCP;
static const int SB_TCP_NODELAY = TCP_NODELAY;
static const int SB_AF_INET = AF_INET;
static const int SB_AF_INET6 = AF_INET6;
static const int SB_SHUT_WR = SHUT_WR;
#endif
