/**
 * The outside systems the gateway calls: the state registries over the ШЭП sync channel ({@link
 * kz.qaqpa.adapter.StateRegistries}, configured by {@link kz.qaqpa.adapter.StateSystemSettings}, their answers checked
 * by {@link kz.qaqpa.adapter.LookUpAnswers}, their load bounded by {@link kz.qaqpa.adapter.StateCallLimit}), and the
 * callbacks to the channel systems the store's outbox holds ({@link kz.qaqpa.adapter.OutboxDelivery}), retried until
 * they answer.
 */
package kz.qaqpa.adapter;
