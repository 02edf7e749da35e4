/**
 * The wire: RESP2/RESP3 parsing and reply encoding, and the hash-slot function, shared by the server and the
 * admin tool.
 *
 * <p>Thread ownership: nothing here is shared. A {@link io.slotkv.protocol.RespParser} belongs to one connection
 * and is only touched by that connection's event loop; {@link io.slotkv.protocol.HashSlot} is stateless.
 */
package io.slotkv.protocol;
