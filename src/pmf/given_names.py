"""Common given names in Wales and England, for telling a person's name from a role (``pmf.roles``).

The names most given in England and Wales over the last seventy years (the registers of births)
and the Welsh names common in Wales, each in its usual spellings. A name a role could start with
(Dean, Major, Sterling...) is left out, so a role is never taken for a person.
"""

from __future__ import annotations

_ENGLISH = """
aaron abigail adam adrian aidan alan albert alex alexander alexandra alfie alfred ali alice alison amanda
amelia amy andrea andrew andy angela ann anna anne annie anthony antony archie arthur ashley barbara barry
ben benjamin beth bethany betty beverley bill billy bob bobby brandon brenda brian bruce callum cameron carl
carly carol caroline carolyn catherine charles charlie charlotte chloe chris christina christine
christopher claire clare colin connor craig daisy dale damian dan daniel danielle danny darren dave david
dawn debbie deborah debra denise dennis derek diana diane donald donna dorothy douglas duncan dylan ed eddie
edward eileen elaine eleanor elizabeth ella ellie emily emma eric ethan eve evelyn fiona florence frances
francesca frank freddie freya gail gary gemma geoff geoffrey george georgia gerald gillian gordon graham
grace hannah harriet harry harvey hayley hazel heather helen henry holly howard hugh hugo ian imogen irene
isaac isabel isabella isabelle isla jack jackie jacob jacqueline jake james jamie jane janet janice jasmine
jason jay jean jeff jeffrey jenna jennifer jenny jeremy jessica jill jim jimmy joan joanna joanne jodie joe
joel john jon jonathan joseph josephine josh joshua joy joyce judith julia julian julie justin karen kate
katherine kathleen kathryn katie kay keith kelly ken kenneth kerry kevin kieran kim kirsty laura lauren
lee leo leon lesley leslie lewis liam lily linda lindsay lisa logan lorraine louis louise lucy luke lydia
lynn lynne maisie malcolm margaret maria marie marion mark martin mary matilda matt matthew maureen max megan
melanie michael michelle mike millie mohammed molly muhammad nancy naomi natalie natasha neil nicholas
nicola nigel noah norman oliver olivia oscar patricia patrick paul paula pauline peter philip phillip
phoebe pippa poppy rachel ralph raymond rebecca richard rita rob robert robin rosemary ross roy ruby rupert
russell ruth ryan sadie sally sam samantha samuel sandra sarah scarlett scott sean shane sharon sheila
shirley simon sophia sophie stacey stanley stella stephanie stephen steve steven stewart stuart susan
suzanne tanya teresa terence terry theo theresa thomas tim timothy toby tom tommy tony tracey tracy trevor
valerie vanessa victoria vincent violet wendy william willow yvonne zach zara zoe
"""

_WELSH = """
aled alun aneurin angharad arwel bethan bleddyn branwen bronwen bryn brynmor cadi cai carwyn carys catrin
cemlyn ceri ceridwen cerys dafydd dai delyth dewi dilys dyfan dyfed eifion eirian eirlys eirwen eleri elin
elis emlyn emrys emyr enid erin ffion gareth geraint gethin glenys glyn glyndwr gruff gruffudd gruffydd gwen
gwenan gwenllian gwilym gwyn gwyneth heledd hefin huw hywel idris iestyn ieuan ifan ioan iolo iona iwan
llinos llio llinos llŷr llyr lowri mabli mair mali manon mared meinir meirion menna mererid morgan myfanwy
nerys nia non olwen osian owain owen rhian rhiannon rhodri rhun rhydian rhys seren sian siân sion siôn
sioned tegan tegwen tomos trefor tudur wyn wynne ynyr
"""

GIVEN_NAMES = frozenset((_ENGLISH + _WELSH).split())
