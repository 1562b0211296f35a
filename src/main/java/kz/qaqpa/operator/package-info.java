/**
 * The operator console ({@link kz.qaqpa.operator.OperatorConsole}): an application's steps, the lists of overdue
 * steps, applications in flight and stopped callbacks, the store's backup and the message log's verify, export and
 * archive, behind the console's token and refusing what a web page could make a browser send.
 */
package kz.qaqpa.operator;
