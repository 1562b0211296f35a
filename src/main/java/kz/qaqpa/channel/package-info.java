/**
 * Step one and the last step of a message: how messages come in and go out on the ШЭП channels. The HTTP server with
 * its threads, timeouts and body limits ({@link kz.qaqpa.channel.ChannelHttpServer}, {@link
 * kz.qaqpa.channel.RequestBodyGuard}, the worker shares), then {@link kz.qaqpa.channel.ChannelGate} (safe parsing, the
 * transport signature through {@code trust}, schema), the sender's authentication and the dispatch of each ШЭП
 * operation; on the way out the signed answers and faults ({@link kz.qaqpa.channel.Replies}, {@link
 * kz.qaqpa.channel.Faults}), what providers poll ({@link kz.qaqpa.channel.ProviderPolling}) and the signed client the
 * gateway calls others with ({@link kz.qaqpa.channel.SignedSoapClient}). Built from the configuration by {@link
 * kz.qaqpa.channel.Channels}.
 */
package kz.qaqpa.channel;
