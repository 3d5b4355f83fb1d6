/*
 * model_names: the words a reader shows for the numbers the model's rows
 * carry: protocol labels and layers (decode's protocol table), port names
 * (base/services) and host names (base/resolver).
 */
#include "config.h"

#include "model/model.h"

#include "base/resolver.h"
#include "base/services.h"
#include "decode/proto_table.h"

_Static_assert((int)MODEL_LAYER_LINK == (int)PROTO_LAYER_LINK &&
		       (int)MODEL_LAYER_NETWORK == (int)PROTO_LAYER_NETWORK &&
		       (int)MODEL_LAYER_TRANSPORT ==
			       (int)PROTO_LAYER_TRANSPORT &&
		       (int)MODEL_LAYER_APP == (int)PROTO_LAYER_APP,
	       "model_layer follows proto_layer");
_Static_assert(PROTO_COUNT + 1 <= MODEL_PROTOS_ROWS_MAX,
	       "the protocols table fits MODEL_PROTOS_ROWS_MAX");

const char *
model_proto_label(unsigned proto)
{
	return proto < PROTO_COUNT ? proto_table[proto]->label : NULL;
}

int
model_proto_layer(unsigned proto)
{
	return proto < PROTO_COUNT ? (int)proto_table[proto]->layer : -1;
}

const char *
model_app_label(unsigned app)
{
	return app == PROTO_NONE ? NULL : model_proto_label(app);
}

const char *
model_port_name(uint16_t port, uint8_t l4)
{
	return services_name(port, l4);
}

struct resolver *
model_names_start(char *err, size_t errlen)
{
	return resolver_new(0, 0, err, errlen);
}

void
model_names_stop(struct resolver *r)
{
	resolver_free(r);
}

bool
model_host_name(struct resolver *r, const struct addr *a, char *name,
		size_t size)
{
	return r != NULL && resolver_lookup(r, a, name, size);
}
