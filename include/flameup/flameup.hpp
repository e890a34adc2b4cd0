#pragma once
/// @file flameup.hpp
/// @brief The whole public API of flameup-cpp.

#include "flameup/client.hpp"
#include "flameup/client_options.hpp"
#include "flameup/diagnostics.hpp"
#include "flameup/enqueue_result.hpp"
#include "flameup/error.hpp"
#include "flameup/export.hpp"
#include "flameup/list_events.hpp"
#include "flameup/log.hpp"
#include "flameup/outcome.hpp"
#include "flameup/overflow_policy.hpp"
#include "flameup/stats.hpp"
#include "flameup/timestamp.hpp"
#include "flameup/track_event.hpp"
#include "flameup/track_result.hpp"
#include "flameup/version.hpp"
