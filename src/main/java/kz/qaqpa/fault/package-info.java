/**
 * Every fault code the gateway answers with, in one place ({@link kz.qaqpa.fault.FaultCode}), and the exception that
 * carries one out of any check ({@link kz.qaqpa.fault.ShepException}); the channel turns it into the signed ШЭП fault.
 */
package kz.qaqpa.fault;
