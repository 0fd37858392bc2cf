# Sums perf's self-time percentages (`perf report --no-children --sort dso,sym -g none`) into the parts of
# the gateway they belong to; bench/run.sh prints this at the top of the profile.
/^ *[0-9.]+%/ {
  pct = $1; sub(/%/, "", pct); line = $0
  if (line ~ /\[k\]/) {
    if (line ~ /schedul|switch|yield|futex|pick_next|enqueue|dequeue|wake|idle|spin_unlock_irq|irqentry_exit|update_curr|update_load|__sched|task_tick|ttwu/) b = "kernel: scheduler, thread wake-ups, futex"
    else if (line ~ /tcp|ip_|skb|sock|inet|net_|loopback|dev_|napi|netif|__sys_send|__sys_recv|bbr|sk_|_copy_|copy_user|csum|nf_|validate_xmit|softirq|bh_/) b = "kernel: TCP/loopback networking"
    else if (line ~ /ep_|epoll/) b = "kernel: epoll"
    else if (line ~ /crng|random|urandom/) b = "kernel: random bytes (getrandom, /dev/urandom)"
    else b = "kernel: syscalls and other"
  }
  else if (line ~ /MassTransit|RabbitMQ/) b = "usage events: MassTransit/RabbitMQ publish"
  else if (line ~ /dynamicClass|System\.Text\.Json\.Serialization/) b = "System.Text.Json serializer (reflection/emit: usage events)"
  else if (line ~ /OpenTelemetry|DiagnosticSource|DiagnosticsHandler|Diagnostics\.Metrics|System\.Diagnostics\.Activity/) b = "OpenTelemetry, Activity and metrics instrumentation"
  else if (line ~ /\[DataPlane\]/) b = "DataPlane's own code"
  else if (line ~ /System\.Text\.Json/) b = "System.Text.Json reader/writer"
  else if (line ~ /System\.Net\.Http/) b = "HttpClient to the upstream (System.Net.Http)"
  else if (line ~ /System\.Net\.Sockets|Transport\.Sockets|libSystem\.Native/) b = "sockets (.NET)"
  else if (line ~ /Microsoft\.AspNetCore|Microsoft\.Extensions|Microsoft\.Net\.Http/) b = "ASP.NET Core: Kestrel, middleware, routing"
  else if (line ~ /libcrypto|OpenSsl/) b = "OpenSSL (SHA-256 of the key)"
  else if (line ~ /libcoreclr|CastHelpers|VirtualDispatch|stub |Thread|ExecutionContext|System\.Runtime\.CompilerServices|AsyncTaskMethodBuilder|AsyncValueTaskMethodBuilder|System\.Threading/) b = "runtime: GC, casts, async machinery, thread pool"
  else if (line ~ /libc\.so|ld-linux|vdso/) b = "libc (memset/memcpy, syscalls wrappers)"
  else b = "other .NET code"
  sum[b] += pct
}
END { for (b in sum) printf "%6.1f%%  %s\n", sum[b], b }
