#ifndef SWITCHBOARD_CLINUX_H
#define SWITCHBOARD_CLINUX_H
// Linux system interfaces the socket layer uses (epoll, eventfd, timerfd, socket options).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#endif
