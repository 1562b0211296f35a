/**
 * What the gateway tells about itself: the monitoring port ({@link kz.qaqpa.monitoring.MonitoringServer}) with its
 * health report and metrics, and the log lines' format (one line each, escaped: {@link
 * kz.qaqpa.monitoring.JavaLogging}, {@link kz.qaqpa.monitoring.LogText}).
 */
package kz.qaqpa.monitoring;
