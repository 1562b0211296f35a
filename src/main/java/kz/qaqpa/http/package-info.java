/**
 * Plain HTTP both ways, beneath the channels: every outgoing call ({@link kz.qaqpa.http.HttpCalls}), the small Undertow
 * servers of the monitoring port and the operator console ({@link kz.qaqpa.http.BoundedHttpServer}), and what every
 * Undertow port shares (the connections from one address, a refused head answered by the port, a kept-alive connection
 * made ready for its next request on its I/O thread), and a request body's Content-Encoding read
 * ({@link kz.qaqpa.http.ContentCoding}).
 */
package kz.qaqpa.http;
